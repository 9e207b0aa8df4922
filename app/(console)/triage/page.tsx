import type { Metadata } from 'next'
import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'
import { SloStateBadge } from '@/components/slo/state-badge'
import { pageUser } from '@/lib/auth/current-user'
import { burnText, forecastText, objectiveText, pct } from '@/lib/slo/format'
import { targetLabel } from '@/lib/slo/types'
import { activeBurns } from '@/lib/slo/views'
import { RevertAlert } from '@/components/ui/revert-alert'
import { recentReverts, REVERT_ALERT_HOURS } from '@/lib/actions/hold/store'

export const metadata: Metadata = { title: 'Triage' }

export default async function TriagePage() {
  await pageUser()
  // A revert alert must not hide the burns (or the reverse) when one source fails.
  const [burns, reverts] = await Promise.all([activeBurns(), recentReverts().catch(() => [])])
  return (
    <>
      <h1>Triage</h1>
      <p className="muted mt-0">
        Active burns, pages first, then by the share of the remaining error budget the current burn spends in
        a day.
      </p>
      <RevertAlert reverts={reverts} hours={REVERT_ALERT_HOURS} />
      {burns.length === 0 ? (
        <EmptyState title="Nothing is burning">No SLO is in page or ticket state right now.</EmptyState>
      ) : (
        <table className="table panel" data-testid="burns">
          <thead>
            <tr>
              <th>State</th>
              <th>SLO</th>
              <th>Target</th>
              <th>Burn 1h / 5m</th>
              <th>Budget left</th>
              <th>At risk (24h)</th>
              <th>Forecast</th>
            </tr>
          </thead>
          <tbody>
            {burns.map(({ slo, status, atRisk }) => (
              <tr key={slo.id} data-slo={slo.name}>
                <td>
                  <SloStateBadge state={status.state} noDataSince={status.noDataSince} />
                </td>
                <td>
                  <Link href={`/triage/${slo.id}`}>{slo.name}</Link>
                  <div className="muted">
                    {slo.team} · {slo.sliKind} · {objectiveText(slo.objective)}
                  </div>
                </td>
                <td>{targetLabel(slo.target)}</td>
                <td>
                  {burnText(status.burns['1h'])} / {burnText(status.burns['5m'])}
                </td>
                <td>{pct(status.budgetRemaining)}</td>
                <td>{pct(atRisk)}</td>
                <td className="muted">
                  {forecastText(status.exhaustion, status.budgetRemaining, Date.parse(status.at))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
