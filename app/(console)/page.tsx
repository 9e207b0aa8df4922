import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { formatMoneyWhole } from '@/lib/cost/money'
import { costSummary } from '@/lib/cost/summary'
import { db } from '@/lib/db/client'
import { fleetSummary } from '@/lib/fleet/fleet-summary'
import { freeMigSlices, heldByPods } from '@/lib/fleet/inventory'
import { IDLE_UTILISATION, IDLE_WINDOW_TEXT } from '@/lib/fleet/utilisation-math'
import { ageOf } from '@/lib/format/age'
import { burningNow } from '@/lib/slo/summary'
import { EmptyState } from '@/components/ui/empty-state'
import { RelTime } from '@/components/ui/rel-time'
import { RevertAlert } from '@/components/ui/revert-alert'
import { recentReverts, REVERT_ALERT_HOURS } from '@/lib/actions/hold/store'

export const metadata: Metadata = { title: 'Overview' }

const IDLE_PERCENT = Math.round(IDLE_UTILISATION * 100)
const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100)}%` : '—')

/** Every section fails on its own: one slow or broken source must not blank the fleet view at 3 a.m. */
async function settle<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p
  } catch {
    return null
  }
}

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<{ cluster?: string }>
}) {
  const user = await pageUser()
  const { cluster } = await searchParams
  const q = cluster ? `?cluster=${encodeURIComponent(cluster)}` : ''
  const [burning, fleet, spend, latest, pending, reverts] = await Promise.all([
    settle(burningNow(5)),
    settle(fleetSummary({ cluster, top: 5 })),
    settle(costSummary()),
    db().auditEvent.findMany({ where: { result: { not: 'intent' } }, orderBy: { at: 'desc' }, take: 8 }),
    canAdmin(user) ? db().quotaRequest.count({ where: { status: 'pending' } }) : Promise.resolve(0),
    settle(recentReverts()),
  ])
  const t = fleet?.summary.totals
  const teams = spend?.teams ?? []
  const today = teams.reduce((a, s) => a + s.today, 0)
  const mtd = teams.reduce((a, s) => a + s.monthToDate, 0)
  const forecast = teams.reduce((a, s) => a + s.forecast, 0)
  const currency = spend?.currency
  const overBudget = teams.filter((s) => s.state === 'warning' || s.state === 'exceeded')
  return (
    <>
      <h1>Overview</h1>
      <RevertAlert reverts={reverts ?? []} hours={REVERT_ALERT_HOURS} />
      <section aria-label="Burning now" className="panel mb-12">
        <h2 className="mt-0">Burning now</h2>
        {burning === null ? (
          <p className="muted">SLO states are unavailable (Prometheus or the database did not answer).</p>
        ) : burning.length === 0 ? (
          <p className="muted" data-testid="burning-none">
            No SLO is burning its error budget fast. <Link href="/slos">All SLOs →</Link>
          </p>
        ) : (
          <table className="table" data-testid="burning">
            <tbody>
              {burning.map((b) => (
                <tr key={b.id}>
                  <td>
                    <span className={`badge ${b.state === 'page' ? 'bad' : 'warn'}`}>{b.state}</span>
                  </td>
                  <td>
                    <Link href={b.href}>{b.name}</Link> <span className="muted">team {b.team}</span>
                  </td>
                  <td>burn 1h {b.burn1h === null ? '—' : `${b.burn1h.toFixed(1)}×`}</td>
                  <td>
                    budget left{' '}
                    {b.budgetRemaining === null ? '—' : `${(b.budgetRemaining * 100).toFixed(1)}%`}
                  </td>
                  <td className="muted">
                    {b.exhaustion ? <RelTime at={b.exhaustion} prefix="budget runs out" /> : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="grid">
        <Link href={`/gpus${q}`} className="panel stat" data-testid="gpu-summary">
          <div className="label">GPUs allocated / total</div>
          <div className="value">
            {t ? `${t.allocated.toLocaleString('en')} / ${t.total.toLocaleString('en')}` : '—'}
          </div>
          <div className="muted">
            {t
              ? `${pct(t.allocated, t.total)} allocated · ${t.idle.toLocaleString('en')} idle · ${fleet?.summary.pendingGpus ?? 0} GPUs pending`
              : 'cluster data unavailable'}
          </div>
        </Link>
        <Link href={`/models${q}`} className="panel stat">
          <div className="label">Models serving</div>
          <div className="value">{fleet ? `${fleet.modelsServing} / ${fleet.modelsTotal}` : '—'}</div>
          <div className="muted">model deployments with ready replicas</div>
        </Link>
        <Link href="/costs" className="panel stat">
          <div className="label">Spend today · month to date</div>
          <div className="value">
            {spend ? `${formatMoneyWhole(today, currency)} · ${formatMoneyWhole(mtd, currency)}` : '—'}
          </div>
          <div className="muted">
            {spend
              ? `forecast ${formatMoneyWhole(forecast, currency)} this month`
              : 'cost ledger unavailable'}
            {overBudget.length > 0 ? ` · ${overBudget.length} team(s) near or over budget` : ''}
          </div>
        </Link>
        {pending > 0 ? (
          <Link href="/teams" className="panel stat">
            <div className="label">Quota requests</div>
            <div className="value">{pending}</div>
            <div className="muted">waiting for an admin</div>
          </Link>
        ) : null}
      </div>
      {fleet ? (
        <div className="grid mt-12">
          <section className="panel">
            <h2 className="mt-0">By product</h2>
            <table className="table">
              <tbody>
                {fleet.summary.byProduct.map((r) => (
                  <tr key={r.key}>
                    <td>{r.key}</td>
                    <td>
                      {r.allocated} / {r.total}
                    </td>
                    <td className="muted">{r.idle} idle</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="panel">
            <h2 className="mt-0">By cluster</h2>
            <table className="table">
              <tbody>
                {fleet.summary.byCluster.map((r) => {
                  const s = fleet.clusters.find((c) => c.cluster === r.key)
                  return (
                    <tr key={r.key}>
                      <td>
                        <Link href={`/gpus?cluster=${encodeURIComponent(r.key)}`}>{r.key}</Link>{' '}
                        {s && !s.connected ? (
                          <span className="badge bad">
                            down{s.dataAsOf ? `, data ${ageOf(s.dataAsOf)} old` : ''}
                          </span>
                        ) : null}
                      </td>
                      <td>
                        {r.allocated} / {r.total}
                      </td>
                      <td className="muted">{r.idle} idle</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </section>
          <section className="panel" data-testid="top-waste">
            <h2 className="mt-0">Top waste</h2>
            {fleet.utilisationKnown ? (
              fleet.topIdleAllocated.length ? (
                <table className="table" data-testid="allocated-idle">
                  <caption className="muted text-left">
                    Allocated but idle: under {IDLE_PERCENT}% utilisation for {IDLE_WINDOW_TEXT}
                  </caption>
                  <tbody>
                    {fleet.topIdleAllocated.map((n) => (
                      <tr key={n.key}>
                        <td>
                          <Link href={`/gpus?node=${encodeURIComponent(n.key)}`}>{n.name}</Link>
                        </td>
                        <td className="muted">{n.cluster}</td>
                        <td>{heldByPods(n)} held by pods</td>
                        <td className="muted">
                          {n.utilisation === undefined ? '—' : `${Math.round(n.utilisation * 100)}%`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : (
                <p className="muted" data-testid="allocated-idle-none">
                  No allocated GPU is idle (under {IDLE_PERCENT}% utilisation for {IDLE_WINDOW_TEXT}).
                </p>
              )
            ) : (
              <p className="muted">GPU utilisation is unavailable (Prometheus or dcgm-exporter).</p>
            )}
            {fleet.topIdle.length ? (
              <table className="table">
                <caption className="muted text-left">
                  Unallocated GPUs and MIG slices on schedulable nodes
                </caption>
                <tbody>
                  {fleet.topIdle.map((n) => (
                    <tr key={n.key}>
                      <td>
                        <Link href={`/gpus?node=${encodeURIComponent(n.key)}`}>{n.name}</Link>
                      </td>
                      <td className="muted">{n.cluster}</td>
                      <td>
                        {n.idle > 0 ? `${n.idle} idle` : null}
                        {n.idle > 0 && freeMigSlices(n) > 0 ? ' · ' : null}
                        {freeMigSlices(n) > 0 ? `${freeMigSlices(n)} MIG slices free` : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
        </div>
      ) : null}
      <h2>Latest changes</h2>
      {latest.length === 0 ? (
        <EmptyState title="No changes yet">
          Changes made through the console appear here and on the Audit page.
        </EmptyState>
      ) : (
        <table className="table panel">
          <tbody>
            {latest.map((e) => (
              <tr key={e.id}>
                <td className="muted">
                  <RelTime at={e.at} />
                </td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{[e.cluster, e.namespace, e.name].filter(Boolean).join(' / ')}</td>
                <td>
                  <span className={`badge ${e.result === 'applied' ? 'ok' : 'bad'}`}>{e.result}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link href="/audit">All changes →</Link>
      </p>
    </>
  )
}
