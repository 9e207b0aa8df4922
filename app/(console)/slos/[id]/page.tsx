import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { BurnChartView } from '@/components/slo/burn-chart'
import { RangePicker } from '@/components/slo/range-picker'
import { SloStateBadge } from '@/components/slo/state-badge'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { burnText, evaluationText, forecastText, objectiveText, pct, utcText } from '@/lib/slo/format'
import { parseEnd, parseRange } from '@/lib/slo/range'
import { getSlo } from '@/lib/slo/store'
import { targetLabel } from '@/lib/slo/types'
import { sloDetail } from '@/lib/slo/views'
import { BURN_WINDOW_NAMES, pageThresholds } from '@/lib/slo/windows'
import styles from '../slos.module.css'

export const metadata: Metadata = { title: 'SLO' }

export default async function SloPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>
  searchParams: Promise<{ range?: string; end?: string }>
}) {
  const user = await pageUser()
  const [{ id }, sp] = await Promise.all([params, searchParams])
  const def = await getSlo(id)
  if (!def) notFound()
  const range = parseRange(sp.range, def.windowDays)
  const end = parseEnd(sp.end)
  const d = await sloDetail(id, range, end)
  if (!d) notFound()
  const { slo, status, chart } = d
  return (
    <>
      <div className="row">
        <h1 className="grow">
          {slo.name} <SloStateBadge state={status.state} noDataSince={status.noDataSince} />
        </h1>
        {status.state === 'page' || status.state === 'ticket' ? (
          <Link className="btn danger" href={`/triage/${slo.id}`}>
            Triage this burn
          </Link>
        ) : null}
        <a className="btn" href={`/api/slos/${slo.id}/rules`} download>
          Export PrometheusRule
        </a>
        {canAdmin(user) ? (
          <Link className="btn" href={`/slos/${slo.id}/edit`}>
            Edit
          </Link>
        ) : null}
      </div>
      <p className="muted mt-0">
        {slo.sliKind} SLI{evaluationText(slo) ? ` (${evaluationText(slo)})` : ''} of {targetLabel(slo.target)}{' '}
        · team {slo.team} · {objectiveText(slo.objective)} over {slo.windowDays} days
        {slo.description ? ` · ${slo.description}` : ''}
      </p>
      {status.error ? (
        <div className="panel mb-12" role="alert">
          {status.error}
        </div>
      ) : null}
      <div className="grid mb-12">
        <section className="panel stat">
          <div className="label">Error budget remaining</div>
          <div className="value" data-testid="budget-remaining">
            {pct(status.budgetRemaining)}
          </div>
          <div className="muted">
            {forecastText(status.exhaustion, status.budgetRemaining, Date.parse(status.at))}
          </div>
        </section>
        <section className="panel stat">
          <div className="label">Current burn (1h)</div>
          <div className="value">{burnText(status.currentBurn)}</div>
          <div className="muted">
            {status.firing.length > 0
              ? status.firing.map((f) => `${f.long} & ${f.short} > ${f.factor}×`).join('; ')
              : 'no alert condition holds'}
          </div>
        </section>
        <section className="panel stat span-2">
          <div className="label">Burn rates</div>
          <table className={`mono small ${styles.burnRates}`}>
            <tbody>
              <tr>
                {BURN_WINDOW_NAMES.map((w) => (
                  <th key={w} className="muted">
                    {w}
                  </th>
                ))}
              </tr>
              <tr>
                {BURN_WINDOW_NAMES.map((w) => (
                  <td key={w}>{burnText(status.burns[w])}</td>
                ))}
              </tr>
            </tbody>
          </table>
        </section>
      </div>
      <section className="panel">
        <div className="row mb-8">
          <h2 className="m-0 grow">Burn chart</h2>
          <RangePicker base={`/slos/${slo.id}`} current={range} windowDays={slo.windowDays} />
        </div>
        {chart ? (
          <>
            <p className="muted small m-0 mb-6">
              {utcText(chart.start)} – {utcText(chart.end)}, one point every {chart.step}s
            </p>
            <BurnChartView
              points={chart.points}
              windows={chart.windows}
              thresholds={pageThresholds(chart.windows, slo.windowDays)}
              annotations={d.annotations}
            />
          </>
        ) : (
          <p role="alert">{d.chartError}</p>
        )}
      </section>
    </>
  )
}
