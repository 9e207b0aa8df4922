import Link from 'next/link'
import type { HoldOutcome } from '@/lib/actions/hold/store'

/**
 * Changes made through the console that someone else undid within the hold window
 * (lib/actions/hold): shown on Overview and Triage, because a mitigation that did not hold is
 * the one thing on-call must not miss.
 */
export function RevertAlert({ reverts, hours }: { reverts: HoldOutcome[]; hours: number }) {
  if (reverts.length === 0) return null
  return (
    <section
      className="panel bad mb-12"
      role="alert"
      aria-label="Changes reverted"
      data-testid="reverted-changes"
    >
      <h2 className="mt-0">
        <span className="badge bad">reverted</span> {reverts.length} change{reverts.length === 1 ? '' : 's'}{' '}
        did not hold (last {hours}h)
      </h2>
      <ul className="indent-list">
        {reverts.map((r) => (
          <li key={r.auditId} data-audit={r.auditId}>
            <strong>{r.action}</strong> on {r.kind} {r.namespace}/{r.name}{' '}
            <span className="badge">{r.cluster}</span> by {r.actor}: {r.outcome}.{' '}
            <Link
              href={`/audit?action=${encodeURIComponent(r.action)}&cluster=${encodeURIComponent(r.cluster)}`}
            >
              Audit →
            </Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
