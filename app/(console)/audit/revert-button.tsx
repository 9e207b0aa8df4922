'use client'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { ConfirmThenAct } from '@/components/ui/confirm-then-act'
import { revertChange } from './actions'

type Confirmation = 'confirmDrain' | 'confirmBelowUse'

const ASK: Record<Confirmation, string> = {
  confirmDrain: 'Yes, drain it: before this change every weight was 0, so the route will send no traffic.',
  confirmBelowUse: 'Yes, set the limit below what the team uses now.',
}

/**
 * Revert with the same confirmations the original change asked for: a drain is asked up front
 * (the record shows it), a limit below current use when the server finds it against today's use.
 */
export function RevertButton({ auditId, drains = false }: { auditId: string; drains?: boolean }) {
  const router = useRouter()
  const [asks, setAsks] = useState<{ field: Confirmation; reason?: string }[]>(
    drains ? [{ field: 'confirmDrain' }] : [],
  )
  const [given, setGiven] = useState<Partial<Record<Confirmation, boolean>>>({})
  const [reverted, setReverted] = useState(false)
  if (reverted) {
    return (
      <span className="badge ok" role="status">
        Reverted.
      </span>
    )
  }
  return (
    <ConfirmThenAct
      trigger="Revert…"
      label="Confirm revert"
      layout="stacked"
      confirm="Yes, revert to before"
      pendingText="Reverting…"
      ready={asks.every((a) => given[a.field] === true)}
      act={async () => {
        const res = await revertChange({ auditId, ...given })
        if (res.ok) {
          setReverted(true)
          router.refresh()
          return
        }
        const missing = (Object.keys(ASK) as Confirmation[]).filter(
          (f) => res.fieldErrors?.[f] && !asks.some((a) => a.field === f),
        )
        // The server found what needs confirming today: ask, then let the user send again.
        if (missing.length > 0)
          setAsks([...asks, ...missing.map((field) => ({ field, reason: res.message }))])
        else return { error: res.message + describe(res.current) }
      }}
    >
      {asks.map((a) => (
        <label key={a.field} className="check">
          <input
            type="checkbox"
            checked={given[a.field] === true}
            onChange={(e) => setGiven({ ...given, [a.field]: e.target.checked })}
          />
          {a.reason ? `${a.reason} ` : ''}
          {ASK[a.field]}
        </label>
      ))}
    </ConfirmThenAct>
  )
}

/** The object's current state after a conflict, in words rather than JSON. */
function describe(current: unknown): string {
  if (!current || typeof current !== 'object') return ''
  const c = current as { backends?: { name: string; weight: number }[]; hard?: string | null }
  if (c.backends) return ` Now: ${c.backends.map((b) => `${b.name} ${b.weight}`).join(', ')}.`
  if ('hard' in c) return ` Now: limit ${c.hard ?? 'none'}.`
  return ''
}
