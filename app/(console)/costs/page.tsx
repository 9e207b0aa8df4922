import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { formatMoney, fromMicros } from '@/lib/cost/money'
import { acceptedCurrencies, reportBasis } from '@/lib/cost/currency'
import { DIMENSIONS } from '@/lib/validations/cost-query'
import { costQueryParams, nextDimension, parseCostQuery, type CostQuery } from '@/lib/cost/params'
import { DAY_MS, addMonths, type Grain } from '@/lib/cost/periods'
import { listGpuPrices, listModelPrices } from '@/lib/cost/prices-repo'
import {
  UNALLOCATED,
  costPerMillionByModel,
  hourly,
  idleGpuCost,
  ledgerStatus,
  pricingStatus,
  spendBy,
  spendOverTime,
  teamSpend,
} from '@/lib/cost/reports'
import { ensureCostRollupJob } from '@/lib/cost/rollup-job'
import { BudgetTable } from '@/components/costs/budget-table'
import { CsvLink } from '@/components/costs/csv-link'
import { HourlyTable } from '@/components/costs/hourly-table'
import { IdleTable } from '@/components/costs/idle-table'
import { GpuPriceTable, ModelPriceTable } from '@/components/costs/price-tables'
import { Section } from '@/components/costs/section'
import { SpendChart, type ChartRow } from '@/components/costs/spend-chart'
import { SpendTable } from '@/components/costs/spend-table'
import { PricingBanner } from '@/components/costs/pricing-banner'
import { StatusBanner } from '@/components/costs/status-banner'
import { prometheusDownSince } from '@/lib/health/sources'
import { UnitCostTable } from '@/components/costs/unit-cost-table'
import { EmptyState } from '@/components/ui/empty-state'
import { BudgetForm, GpuPriceForm, ModelPriceForm, RemoveBudgetForm } from './admin-forms'
import { Filters } from './filters'

export const metadata: Metadata = { title: 'Costs' }

function bucketEnd(start: Date, grain: Grain): Date {
  if (grain === 'month') return addMonths(start, 1)
  return new Date(start.getTime() + (grain === 'week' ? 7 : 1) * DAY_MS)
}

function href(q: CostQuery, change: Partial<CostQuery>): string {
  return `/costs?${costQueryParams({ ...q, ...change }).toString()}`
}

export default async function CostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}) {
  const user = await pageUser()
  ensureCostRollupJob()
  const pricing = await pricingStatus()
  if (pricing.configError || !pricing.currency) {
    // Amounts in an unknown currency are worse than none: say what to fix and show nothing else.
    return (
      <>
        <h1>Costs</h1>
        <p className="panel" role="alert" data-testid="pricing-config-error">
          <span className="badge bad">currency settings not valid</span> Costs cannot be shown:{' '}
          {pricing.configError}
        </p>
      </>
    )
  }
  const currency = pricing.currency
  const q = parseCostQuery(await searchParams)
  const params = costQueryParams(q)
  const oneDay = q.to.getTime() - q.from.getTime() <= DAY_MS
  const [status, rows, series, budgets, unit, idle, hours, modelPrices, gpuPrices] = await Promise.all([
    // Prometheus down is shown at once (this replica's probe), not only after the next roll-up.
    ledgerStatus().then(async (s) => ({
      ...s,
      metricsDownSince: s.metricsDownSince ?? (await prometheusDownSince()),
    })),
    spendBy(q, q.by),
    spendOverTime(q, q.by, q.grain),
    teamSpend(),
    costPerMillionByModel(q),
    idleGpuCost(q),
    oneDay ? hourly(q, q.by) : Promise.resolve([]),
    listModelPrices(),
    listGpuPrices(),
  ])
  const drill = (key: string): string | null => {
    if (key === UNALLOCATED) return null
    if (q.by === 'route') {
      if (oneDay) return null
      return href(q, { route: key, from: new Date(q.to.getTime() - DAY_MS), to: q.to })
    }
    return href(q, { [q.by]: key, by: nextDimension(q.by) })
  }
  const keys = [...new Set(rows.map((r) => r.key))]
  const buckets = new Map<string, ChartRow>()
  for (const p of series) {
    let row = buckets.get(p.start)
    if (!row) buckets.set(p.start, (row = { bucket: p.bucket, values: {}, hrefs: {} }))
    // The chart plots whole cents in currency units; the tables keep micro-units.
    row.values[p.key] =
      Math.round(((row.values[p.key] ?? 0) + fromMicros(p.tokenCost + p.gpuCost)) * 100) / 100
    const start = new Date(p.start)
    const into =
      p.key === UNALLOCATED
        ? {}
        : q.by === 'route'
          ? { route: p.key }
          : { [q.by]: p.key, by: nextDimension(q.by) }
    row.hrefs[p.key] = href(q, { ...into, from: start, to: bucketEnd(start, q.grain), grain: 'day' })
  }
  const total = rows.reduce((a, r) => a + r.total, 0)
  const tokenTotal = rows.reduce((a, r) => a + r.tokenCost, 0)
  const gpuTotal = rows.reduce((a, r) => a + r.gpuCost, 0)
  const idleTotal = idle.reduce((a, r) => a + r.idleCost, 0)
  const crumbs = (['team', 'model', 'route', 'cluster'] as const).filter((k) => q[k])
  const admin = canAdmin(user)
  return (
    <>
      <h1>Costs</h1>
      <StatusBanner status={status} />
      <PricingBanner pricing={pricing} />
      <Filters q={q} dimensions={[...DIMENSIONS]} />
      {crumbs.length > 0 ? (
        <p data-testid="drill-path">
          <Link
            href={href(q, {
              team: undefined,
              model: undefined,
              route: undefined,
              cluster: undefined,
              by: 'team',
            })}
          >
            All spend
          </Link>
          {crumbs.map((k) => (
            <span key={k}>
              {' › '}
              {k} <strong>{q[k]}</strong>
            </span>
          ))}
        </p>
      ) : null}
      <div className="grid mb-12">
        <div className="panel stat">
          <div className="label">
            Spend {q.from.toISOString().slice(0, 10)} →{' '}
            {new Date(q.to.getTime() - DAY_MS).toISOString().slice(0, 10)}
          </div>
          <div className="value" data-testid="total-spend">
            {formatMoney(total, currency)}
          </div>
        </div>
        <div className="panel stat">
          <div className="label">Token cost</div>
          <div className="value">{formatMoney(tokenTotal, currency)}</div>
          <div className="muted">{total > 0 ? ((tokenTotal / total) * 100).toFixed(1) : '0'}% of spend</div>
        </div>
        <div className="panel stat">
          <div className="label">GPU cost</div>
          <div className="value">{formatMoney(gpuTotal, currency)}</div>
          <div className="muted">{total > 0 ? ((gpuTotal / total) * 100).toFixed(1) : '0'}% of spend</div>
        </div>
        <div className="panel stat">
          <div className="label">Idle GPU cost</div>
          <div className="value">
            <a href="#idle">{formatMoney(idleTotal, currency)}</a>
          </div>
          <div className="muted">
            {gpuTotal > 0 ? ((idleTotal / gpuTotal) * 100).toFixed(1) : '0'}% of GPU cost
          </div>
        </div>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No usage in the ledger for these filters">
          The roll-up fills the ledger from Prometheus every minute; widen the dates or clear a filter.
        </EmptyState>
      ) : (
        <>
          <Section
            id="over-time"
            title={`Spend per ${q.grain} by ${q.by}`}
            actions={<CsvLink table="over-time" params={params} />}
          >
            <SpendChart rows={[...buckets.values()]} keys={keys} currency={currency} />
            <p className="muted">Click a bar to drill into that {q.by} and period.</p>
          </Section>
          <Section id="spend" title={`Spend by ${q.by}`} actions={<CsvLink table="spend" params={params} />}>
            <SpendTable dim={q.by} rows={rows} href={drill} currency={currency} />
          </Section>
        </>
      )}
      {oneDay && hours.length > 0 ? (
        <Section id="hourly" title="Hour by hour" actions={<CsvLink table="hourly" params={params} />}>
          <HourlyTable dim={q.by} rows={hours} currency={currency} />
        </Section>
      ) : null}
      <Section id="budgets" title="Budgets this month" actions={<CsvLink table="budgets" params={params} />}>
        <BudgetTable
          rows={budgets}
          currency={currency}
          href={(team) => href(q, { team, by: 'model', range: 'mtd', from: undefined, to: undefined })}
        />
        <p className="muted">
          Forecast: month-to-date plus the last seven days&apos; hourly run rate over the rest of the month.
          Warning from the warning share of the budget or when the forecast reaches it.
        </p>
        {admin ? (
          <>
            <BudgetForm teams={budgets.map((b) => b.team)} currency={currency} />
            <RemoveBudgetForm teams={budgets.filter((b) => b.budget !== null).map((b) => b.team)} />
          </>
        ) : null}
      </Section>
      <Section
        id="per-million"
        title="Cost per 1M tokens by model"
        actions={<CsvLink table="per-million" params={params} />}
      >
        <UnitCostTable rows={unit} currency={currency} href={(model) => href(q, { model, by: 'route' })} />
      </Section>
      <Section id="idle" title="Idle GPU cost" actions={<CsvLink table="idle-gpu" params={params} />}>
        <IdleTable
          rows={idle}
          currency={currency}
          href={(team) => (team === UNALLOCATED ? null : href(q, { team, by: 'model' }))}
        />
      </Section>
      <Section id="prices" title="Token prices" actions={<CsvLink table="model-prices" params={params} />}>
        <ModelPriceTable rows={modelPrices} />
        {admin ? (
          <ModelPriceForm
            models={[...new Set(modelPrices.map((p) => p.model))]}
            currencies={acceptedCurrencies(reportBasis())}
          />
        ) : null}
      </Section>
      <Section id="gpu-prices" title="GPU prices" actions={<CsvLink table="gpu-prices" params={params} />}>
        <GpuPriceTable rows={gpuPrices} />
        {admin ? (
          <GpuPriceForm
            products={[...new Set(gpuPrices.map((p) => p.product))]}
            currencies={acceptedCurrencies(reportBasis())}
          />
        ) : null}
      </Section>
    </>
  )
}
