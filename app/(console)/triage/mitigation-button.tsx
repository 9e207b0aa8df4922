'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { HoldStatus } from '@/components/ui/hold-status'
import type { HoldTicket } from '@/lib/errors'
import { triageRevert, triageRollback, triageShiftToStable } from './actions'

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
  const [confirming, setConfirming] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; text: string; hold?: HoldTicket } | null>(null)
  const [pending, start] = useTransition()
  const run = () =>
    start(async () => {
      const res =
        props.kind === 'shift'
          ? await triageShiftToStable(props.input)
          : props.kind === 'rollback'
            ? await triageRollback(props.input)
            : await triageRevert(props.input)
      setConfirming(false)
      setResult(
        res.ok
          ? { ok: true, text: 'Applied — audited.', ...(res.hold ? { hold: res.hold } : {}) }
          : { ok: false, text: res.message },
      )
      router.refresh()
    })
  if (result?.hold) return <HoldStatus ticket={result.hold} />
  if (result) {
    return (
      <span className={result.ok ? 'badge ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
        {result.text}
      </span>
    )
  }
  if (props.done) return <span className="badge ok">{props.done}</span>
  if (!confirming) {
    return (
      <button
        type="button"
        className={props.kind === 'shift' ? 'btn danger' : 'btn'}
        onClick={() => setConfirming(true)}
      >
        {props.label}
      </button>
    )
  }
  return (
    <span
      role="group"
      aria-label={`Confirm: ${props.label}`}
      style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}
    >
      <span>{props.confirm}</span>
      <button type="button" className="btn danger" disabled={pending} onClick={run}>
        {pending ? 'Working…' : 'Confirm'}
      </button>
      <button type="button" className="btn" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  )
}
