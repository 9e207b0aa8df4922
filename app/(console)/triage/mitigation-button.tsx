'use client'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { ConfirmThenAct } from '@/components/ui/confirm-then-act'
import { HoldStatus } from '@/components/ui/hold-status'
import type { HoldTicket } from '@/lib/errors'
import { revertChange, rollbackDeployment, shiftToStable } from './actions'

type Props = (
  | {
      kind: 'shift'
      input: { cluster: string; namespace: string; name: string; ruleIndex: number; stable: string }
      label: string
      confirm: string
    }
  | {
      kind: 'rollback'
      input: { cluster: string; namespace: string; name: string; revision: number; generation: number }
      label: string
      confirm: string
    }
  | { kind: 'revert'; input: { auditId: string }; label: string; confirm: string }
) & {
  /** Nothing left to do (e.g. all traffic already on stable): shown instead of the button. */
  done?: string
}

/**
 * One mitigation: a confirm step, then the existing change action; the result stays visible, also
 * after the page's refresh shows there is nothing left to do. An applied change is never "done"
 * at once: it shows the hold check (lib/actions/hold) until it held or was reverted.
 */
export function MitigationButton(props: Props) {
  const router = useRouter()
  const [result, setResult] = useState<{ ok: boolean; text: string; hold?: HoldTicket } | null>(null)
  if (result?.hold) return <HoldStatus ticket={result.hold} />
  if (result) {
    return (
      <span className={result.ok ? 'badge ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
        {result.text}
      </span>
    )
  }
  if (props.done) return <span className="badge ok">{props.done}</span>
  return (
    <ConfirmThenAct
      trigger={props.label}
      triggerClassName={props.kind === 'shift' ? 'btn danger' : 'btn'}
      label={`Confirm: ${props.label}`}
      confirm="Confirm"
      pendingText="Working…"
      act={async () => {
        const res =
          props.kind === 'shift'
            ? await shiftToStable(props.input)
            : props.kind === 'rollback'
              ? await rollbackDeployment(props.input)
              : await revertChange(props.input)
        setResult(
          res.ok
            ? { ok: true, text: 'Applied — audited.', ...(res.hold ? { hold: res.hold } : {}) }
            : { ok: false, text: res.message },
        )
        router.refresh()
        return { close: true }
      }}
    >
      <span>{props.confirm}</span>
    </ConfirmThenAct>
  )
}
