'use client'
import { useEffect, useState } from 'react'
import type { HoldTicket } from '@/lib/errors'
import { RelTime } from '@/components/ui/rel-time'

interface Outcome {
  status: 'pending' | 'held' | 'reverted'
  outcome: string | null
  until: string
}

const POLL_MS = 5_000

/**
 * An applied change's result until the console knows it held: "checking", then "held" or
 * "reverted by … (…)" from GET /api/hold/<auditId>. Never "done" before the window ends: a change
 * an owner undoes is not a mitigation.
 */
export function HoldStatus({ ticket }: { ticket: HoldTicket }) {
  const [state, setState] = useState<Outcome>({ status: 'pending', outcome: null, until: ticket.until })
  useEffect(() => {
    if (state.status !== 'pending') return
    let stopped = false
    const poll = async () => {
      try {
        const r = await fetch(`/api/hold/${encodeURIComponent(ticket.auditId)}`, { cache: 'no-store' })
        if (r.ok && !stopped) setState((await r.json()) as Outcome)
      } catch {
        // The next poll tries again; the outcome is on the audit page either way.
      }
    }
    const timer = setInterval(() => void poll(), POLL_MS)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [state.status, ticket.auditId])
  if (state.status === 'reverted') {
    return (
      <span className="badge bad" role="alert" data-hold="reverted">
        Applied, then {state.outcome ?? 'reverted'}
      </span>
    )
  }
  if (state.status === 'held') {
    return (
      <span className="badge ok" role="status" data-hold="held">
        Applied and held — audited.
      </span>
    )
  }
  return (
    <span className="badge warn" role="status" data-hold="pending">
      Applied — audited; checking it holds until <RelTime at={state.until} />…
    </span>
  )
}
