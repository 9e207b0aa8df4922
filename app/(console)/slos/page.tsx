import type { Metadata } from 'next'
import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'
import { SloStateBadge } from '@/components/slo/state-badge'
import { pageUser } from '@/lib/auth/current-user'
import { prometheusDownSince } from '@/lib/health/sources'
import { canAdmin } from '@/lib/auth/permissions'
import { burnText, evaluationText, forecastText, objectiveText, pct } from '@/lib/slo/format'
import { sloRows } from '@/lib/slo/views'
import { targetLabel } from '@/lib/slo/types'

export const metadata: Metadata = { title: 'SLOs' }

export default async function SlosPage({ searchParams }: { searchParams: Promise<{ team?: string }> }) {
  const user = await pageUser()
  const { team } = await searchParams
  const all = await sloRows()
  const rows = team ? all.filter((r) => r.slo.team === team) : all
  const metricsError = rows.find((r) => r.status.error)?.status.error
  const metricsDown = metricsError ? await prometheusDownSince() : null
  return (
    <>
      <div className="row">
        <h1 className="grow">SLOs</h1>
        {canAdmin(user) ? (
          <>
            <Link className="btn" href="/slos/golden">
              Golden sets
            </Link>
            <Link className="btn primary" href="/slos/new">
              New SLO
            </Link>
          </>
        ) : null}
      </div>
      {metricsError ? (
        <div className="panel mb-12" role="alert">
          {metricsDown
            ? `Metrics unavailable since ${metricsDown.slice(0, 16).replace('T', ' ')} UTC: showing what is known. `
            : null}
          Some SLO numbers are missing: {metricsError}
        </div>
      ) : null}
      {rows.length === 0 ? (
        <EmptyState title="No SLOs yet">
          {canAdmin(user)
            ? 'Create one with “New SLO”.'
            : 'An admin defines SLOs for models, versions and routes.'}
        </EmptyState>
      ) : (
        <table className="table panel" data-testid="slo-table">
          <thead>
            <tr>
              <th>SLO</th>
              <th>Team</th>
              <th>Target</th>
              <th>SLI</th>
              <th>Objective</th>
              <th>State</th>
              <th>Budget left</th>
              <th>Burn 1h</th>
              <th>Burn 5m</th>
              <th>Forecast</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ slo, status }) => (
              <tr key={slo.id} data-slo={slo.name}>
                <td>
                  <Link href={`/slos/${slo.id}`}>{slo.name}</Link>
                </td>
                <td>
                  <Link href={`/slos?team=${encodeURIComponent(slo.team)}`}>{slo.team}</Link>
                </td>
                <td>{targetLabel(slo.target)}</td>
                <td>
                  {slo.sliKind}
                  {slo.sliKind === 'latency' && slo.latencyThreshold ? ` ≤ ${slo.latencyThreshold}s` : ''}
                  {evaluationText(slo) ? ` · ${evaluationText(slo)}` : ''}
                  {slo.customGood ? <span className="badge">custom</span> : null}
                </td>
                <td>
                  {objectiveText(slo.objective)} <span className="muted">/ {slo.windowDays}d</span>
                </td>
                <td>
                  <SloStateBadge
                    state={status.state}
                    title={status.error ?? undefined}
                    noDataSince={status.noDataSince}
                  />
                </td>
                <td data-testid="budget">{pct(status.budgetRemaining)}</td>
                <td>{burnText(status.burns['1h'])}</td>
                <td>{burnText(status.burns['5m'])}</td>
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
