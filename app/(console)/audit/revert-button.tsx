'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
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
  const [pending, start] = useTransition()
  const [confirming, setConfirming] = useState(false)
  const [asks, setAsks] = useState<{ field: Confirmation; reason?: string }[]>(
    drains ? [{ field: 'confirmDrain' }] : [],
  )
  const [given, setGiven] = useState<Partial<Record<Confirmation, boolean>>>({})
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  if (message?.ok) {
    return (
      <span className="badge ok" role="status">
        {message.text}
      </span>
    )
  }
  if (!confirming) {
    return (
      <button type="button" className="btn" onClick={() => setConfirming(true)}>
        Revert…
      </button>
    )
  }
  const ready = asks.every((a) => given[a.field] === true)
  return (
    <span
      role="group"
      aria-label="Confirm revert"
      style={{ display: 'inline-flex', flexDirection: 'column', gap: 6 }}
    >
      {asks.map((a) => (
        <label key={a.field} style={{ flexDirection: 'row', gap: 6, alignItems: 'center' }}>
          <input
            type="checkbox"
            checked={given[a.field] === true}
            onChange={(e) => setGiven({ ...given, [a.field]: e.target.checked })}
          />
          {a.reason ? `${a.reason} ` : ''}
          {ASK[a.field]}
        </label>
      ))}
      {message ? (
        <span className="form-error" role="alert">
          {message.text}
        </span>
      ) : null}
      <span style={{ display: 'inline-flex', gap: 6 }}>
        <button
          type="button"
          className="btn danger"
          disabled={pending || !ready}
          onClick={() =>
            start(async () => {
              const res = await revertChange({ auditId, ...given })
              if (res.ok) {
                setMessage({ ok: true, text: 'Reverted.' })
                router.refresh()
                return
              }
              const missing = (Object.keys(ASK) as Confirmation[]).filter(
                (f) => res.fieldErrors?.[f] && !asks.some((a) => a.field === f),
              )
              if (missing.length > 0) {
                // The server found what needs confirming today: ask, then let the user send again.
                setAsks([...asks, ...missing.map((field) => ({ field, reason: res.message }))])
                setMessage(null)
                return
              }
              setMessage({ ok: false, text: res.message + describe(res.current) })
            })
          }
        >
          {pending ? 'Reverting…' : 'Yes, revert to before'}
        </button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    </span>
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
