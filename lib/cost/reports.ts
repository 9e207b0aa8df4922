import 'server-only'
import { db } from '@/lib/db/client'
import { budgetState, monthEndForecast, runRateWindowHours, type BudgetState } from './forecast'
import type { Dimension } from '@/lib/validations/cost-query'
import type { CostQuery } from './params'
import {
  DAY_MS,
  HOUR_MS,
  addMonths,
  bucketLabel,
  bucketStart,
  startOfDay,
  startOfMonth,
  type Grain,
} from './periods'
import { basisKey, describeRates, rateOf, reportBasis } from './currency'
import { micros, type Micros } from './money'
import { costPerMillion as perMillion, rateAt, tokenCostMicros } from './prices'
import { loadPriceBooks } from './recompute'

/**
 * Reports over the usage ledger's daily pre-aggregates (CostDay, GpuCostDay). Every amount is in
 * integer micro-units of the report currency (lib/cost/money.ts), so totals add up exactly.
 */

type Filter = Pick<CostQuery, 'from' | 'to' | 'team' | 'model' | 'route' | 'cluster'>

export interface SpendRow {
  key: string
  tokenCost: Micros
  gpuCost: Micros
  idleCost: Micros
  total: Micros
  inputTokens: number
  outputTokens: number
  cachedTokens: number
  tokens: number
  gpuHours: number
  /** some usage had no price in effect */
  unpriced: boolean
}

function tokenWhere(f: Filter) {
  return {
    day: { gte: f.from, lt: f.to },
    ...(f.team ? { team: f.team } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.route ? { route: f.route } : {}),
    ...(f.cluster ? { cluster: f.cluster } : {}),
  }
}

function gpuWhere(f: Filter) {
  return {
    day: { gte: f.from, lt: f.to },
    ...(f.team ? { team: f.team } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.cluster ? { cluster: f.cluster } : {}),
    // GPUs are per namespace: a route filter keeps its namespace's GPUs of the route's model
    ...(f.route ? { namespace: f.route.split('/')[0] ?? '' } : {}),
  }
}

export const UNALLOCATED = '(unallocated)'

function emptyRow(key: string): SpendRow {
  return {
    key,
    tokenCost: 0,
    gpuCost: 0,
    idleCost: 0,
    total: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedTokens: 0,
    tokens: 0,
    gpuHours: 0,
    unpriced: false,
  }
}

/** GPU rows have no route: a GPU belongs to the route serving its model in its namespace. */
async function routeOfGpu(f: Filter): Promise<Map<string, string>> {
  const routes = await db().costDay.groupBy({ by: ['cluster', 'route', 'model'], where: tokenWhere(f) })
  const m = new Map<string, string>()
  for (const r of routes) m.set(`${r.cluster}/${r.route.split('/')[0]}/${r.model}`, r.route)
  return m
}

/**
 * Whether the per-day totals (CostDayTeam / CostDayModel) answer this query: grouping by team or
 * model with no filter but on that same dimension.
 */
function totalsTable(f: Filter, dim: Dimension): 'team' | 'model' | null {
  if (f.route || f.cluster) return null
  if (dim === 'team' && !f.model) return 'team'
  if (dim === 'model' && !f.team) return 'model'
  return null
}

async function totalsBy(f: Filter, dim: 'team' | 'model'): Promise<SpendRow[]> {
  const where = { day: { gte: f.from, lt: f.to }, ...(f[dim] ? { [dim]: f[dim] } : {}) }
  const _sum = {
    tokenCostMicros: true,
    gpuCostMicros: true,
    idleCostMicros: true,
    inputTokens: true,
    outputTokens: true,
    cachedTokens: true,
    gpuHours: true,
  } as const
  const rows =
    dim === 'team'
      ? await db().costDayTeam.groupBy({ by: ['team', 'unpriced'], where, _sum })
      : await db().costDayModel.groupBy({ by: ['model', 'unpriced'], where, _sum })
  const out = new Map<string, SpendRow>()
  for (const r of rows) {
    const key = ((r as Record<string, unknown>)[dim] as string) || UNALLOCATED
    let row = out.get(key)
    if (!row) out.set(key, (row = emptyRow(key)))
    row.tokenCost += micros(r._sum.tokenCostMicros)
    row.gpuCost += micros(r._sum.gpuCostMicros)
    row.idleCost += micros(r._sum.idleCostMicros)
    row.inputTokens += r._sum.inputTokens ?? 0
    row.outputTokens += r._sum.outputTokens ?? 0
    row.cachedTokens += r._sum.cachedTokens ?? 0
    row.gpuHours += r._sum.gpuHours ?? 0
    if (r.unpriced) row.unpriced = true
  }
  for (const r of out.values()) {
    r.tokens = r.inputTokens + r.outputTokens
    r.total = r.tokenCost + r.gpuCost
  }
  return [...out.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
}

/** Spend per team, model or route over the filter's days. */
export async function spendBy(f: Filter, dim: Dimension): Promise<SpendRow[]> {
  const fast = totalsTable(f, dim)
  if (fast) return totalsBy(f, fast)
  const rows = new Map<string, SpendRow>()
  const row = (k: string) => {
    let r = rows.get(k)
    if (!r) rows.set(k, (r = emptyRow(k)))
    return r
  }
  const [tok, gpu, routes] = await Promise.all([
    db().costDay.groupBy({
      by: [dim, 'priced'],
      where: tokenWhere(f),
      _sum: { tokenCostMicros: true, inputTokens: true, outputTokens: true, cachedTokens: true },
    }),
    db().gpuCostDay.groupBy({
      by: dim === 'route' ? ['cluster', 'namespace', 'model', 'priced'] : [dim, 'priced'],
      where: gpuWhere(f),
      _sum: { costMicros: true, idleCostMicros: true, gpuHours: true },
    }),
    dim === 'route' || f.route ? routeOfGpu(f) : Promise.resolve(null),
  ])
  for (const t of tok) {
    const r = row((t as Record<string, unknown>)[dim] as string)
    r.tokenCost += micros(t._sum.tokenCostMicros)
    r.inputTokens += t._sum.inputTokens ?? 0
    r.outputTokens += t._sum.outputTokens ?? 0
    r.cachedTokens += t._sum.cachedTokens ?? 0
    if (!t.priced) r.unpriced = true
  }
  for (const g of gpu) {
    const rec = g as Record<string, unknown>
    let key: string
    if (dim === 'route' || f.route) {
      const route = routes?.get(`${rec.cluster}/${rec.namespace}/${rec.model}`)
      if (f.route && route !== f.route) continue
      key = dim === 'route' ? (route ?? UNALLOCATED) : (rec[dim] as string) || UNALLOCATED
    } else {
      key = (rec[dim] as string) || UNALLOCATED
    }
    const r = row(key)
    r.gpuCost += micros(g._sum.costMicros)
    r.idleCost += micros(g._sum.idleCostMicros)
    r.gpuHours += g._sum.gpuHours ?? 0
    if (!g.priced) r.unpriced = true
  }
  for (const r of rows.values()) {
    r.tokens = r.inputTokens + r.outputTokens
    r.total = r.tokenCost + r.gpuCost
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key))
}

export interface SeriesPoint {
  bucket: string
  start: string
  key: string
  tokenCost: Micros
  gpuCost: Micros
}

/** Spend per bucket (day, week, month) and dimension, for the chart. */
export async function spendOverTime(f: Filter, dim: Dimension, grain: Grain): Promise<SeriesPoint[]> {
  const fast = totalsTable(f, dim)
  if (fast) {
    const where = { day: { gte: f.from, lt: f.to }, ...(f[fast] ? { [fast]: f[fast] } : {}) }
    const _sum = { tokenCostMicros: true, gpuCostMicros: true } as const
    const rows =
      fast === 'team'
        ? await db().costDayTeam.findMany({ where, select: { day: true, team: true, ..._sum } })
        : await db().costDayModel.findMany({ where, select: { day: true, model: true, ..._sum } })
    const points = new Map<string, SeriesPoint>()
    for (const r of rows) {
      const key = ((r as Record<string, unknown>)[fast] as string) || UNALLOCATED
      const start = bucketStart(r.day, grain)
      const k = `${start.getTime()}\u0000${key}`
      let p = points.get(k)
      if (!p) {
        p = { bucket: bucketLabel(start, grain), start: start.toISOString(), key, tokenCost: 0, gpuCost: 0 }
        points.set(k, p)
      }
      p.tokenCost += micros(r.tokenCostMicros)
      p.gpuCost += micros(r.gpuCostMicros)
    }
    return [...points.values()].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key))
  }
  const [tok, gpu, routes] = await Promise.all([
    db().costDay.groupBy({ by: ['day', dim], where: tokenWhere(f), _sum: { tokenCostMicros: true } }),
    db().gpuCostDay.groupBy({
      by: dim === 'route' ? ['day', 'cluster', 'namespace', 'model'] : ['day', dim],
      where: gpuWhere(f),
      _sum: { costMicros: true },
    }),
    dim === 'route' || f.route ? routeOfGpu(f) : Promise.resolve(null),
  ])
  const points = new Map<string, SeriesPoint>()
  const point = (day: Date, key: string) => {
    const start = bucketStart(day, grain)
    const k = `${start.getTime()}\u0000${key}`
    let p = points.get(k)
    if (!p) {
      p = { bucket: bucketLabel(start, grain), start: start.toISOString(), key, tokenCost: 0, gpuCost: 0 }
      points.set(k, p)
    }
    return p
  }
  for (const t of tok)
    point(t.day, (t as Record<string, unknown>)[dim] as string).tokenCost += micros(t._sum.tokenCostMicros)
  for (const g of gpu) {
    const rec = g as Record<string, unknown>
    let key = ((rec[dim] as string) ?? '') || UNALLOCATED
    if (dim === 'route' || f.route) {
      const route = routes?.get(`${rec.cluster}/${rec.namespace}/${rec.model}`)
      if (f.route && route !== f.route) continue
      if (dim === 'route') key = route ?? UNALLOCATED
    }
    point(g.day, key).gpuCost += micros(g._sum.costMicros)
  }
  return [...points.values()].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key))
}

export interface ModelUnitCost {
  model: string
  tokens: number
  tokenCost: Micros
  gpuCost: Micros
  /** token price actually paid per 1M tokens */
  tokenPerM: Micros | null
  /** GPU cost of the pods serving the model per 1M tokens they served */
  gpuPerM: Micros | null
}

export async function costPerMillionByModel(f: Filter): Promise<ModelUnitCost[]> {
  const rows = await spendBy(f, 'model')
  return rows
    .filter((r) => r.key !== UNALLOCATED)
    .map((r) => ({
      model: r.key,
      tokens: r.tokens,
      tokenCost: r.tokenCost,
      gpuCost: r.gpuCost,
      tokenPerM: perMillion(r.tokenCost, r.tokens),
      gpuPerM: perMillion(r.gpuCost, r.tokens),
    }))
}

export interface IdleRow {
  team: string
  product: string
  gpuHours: number
  busyHours: number
  cost: Micros
  idleCost: Micros
}

/** Idle GPU cost: allocated but unused capacity, and GPUs no pod holds (team "(unallocated)"). */
export async function idleGpuCost(f: Filter): Promise<IdleRow[]> {
  const rows = await db().gpuCostDay.groupBy({
    by: ['team', 'product'],
    where: gpuWhere(f),
    _sum: { gpuHours: true, busyHours: true, costMicros: true, idleCostMicros: true },
  })
  return rows
    .map((r) => ({
      team: r.team || UNALLOCATED,
      product: r.product,
      gpuHours: r._sum.gpuHours ?? 0,
      busyHours: r._sum.busyHours ?? 0,
      cost: micros(r._sum.costMicros),
      idleCost: micros(r._sum.idleCostMicros),
    }))
    .sort((a, b) => b.idleCost - a.idleCost)
}

export interface HourRow {
  hour: string
  key: string
  tokens: number
  tokenCost: Micros
  gpuHours: number
}

/**
 * One day hour by hour (the deepest drill-down). Each hour of each ledger row (cluster, team,
 * model, route) is costed at the price in effect for that hour and rounded once, exactly as the
 * daily pre-aggregate is built, so a day's hours add up to the day to the micro-unit.
 */
export async function hourly(f: Filter, dim: Dimension): Promise<HourRow[]> {
  const where = {
    hour: { gte: f.from, lt: f.to },
    ...(f.team ? { team: f.team } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.route ? { route: f.route } : {}),
    ...(f.cluster ? { cluster: f.cluster } : {}),
  }
  const [tok, books] = await Promise.all([
    db().tokenUsageHour.groupBy({
      by: ['hour', 'cluster', 'team', 'model', 'route', 'tokenType'],
      where,
      _sum: { tokens: true },
    }),
    loadPriceBooks(),
  ])
  type Acc = { hour: Date; key: string; model: string; input: number; output: number; cached: number }
  const acc = new Map<string, Acc>()
  for (const t of tok) {
    const k = `${t.hour.getTime()}\u0000${t.cluster}\u0000${t.team}\u0000${t.model}\u0000${t.route}`
    let a = acc.get(k)
    if (!a) {
      const key = (t as Record<string, unknown>)[dim] as string
      acc.set(k, (a = { hour: t.hour, key, model: t.model, input: 0, output: 0, cached: 0 }))
    }
    const n = t._sum.tokens ?? 0
    if (t.tokenType === 'input') a.input += n
    else if (t.tokenType === 'output') a.output += n
    else a.cached += n
  }
  const out = new Map<string, HourRow>()
  for (const a of acc.values()) {
    const rate = rateAt(books.models.rates.get(a.model) ?? [], a.hour)
    const k = `${a.hour.getTime()}\u0000${a.key}`
    let r = out.get(k)
    if (!r) out.set(k, (r = { hour: a.hour.toISOString(), key: a.key, tokens: 0, tokenCost: 0, gpuHours: 0 }))
    r.tokens += a.input + a.output
    r.tokenCost += rate ? tokenCostMicros(a, rate) : 0
  }
  if (dim !== 'route') {
    const gpu = await db().gpuUsageHour.groupBy({
      by: ['hour', dim],
      where: {
        hour: where.hour,
        ...(f.team ? { team: f.team } : {}),
        ...(f.model ? { model: f.model } : {}),
      },
      _sum: { gpuHours: true },
    })
    for (const g of gpu) {
      const key = ((g as Record<string, unknown>)[dim] as string) || UNALLOCATED
      const k = `${g.hour.getTime()}\u0000${key}`
      let r = out.get(k)
      if (!r) out.set(k, (r = { hour: g.hour.toISOString(), key, tokens: 0, tokenCost: 0, gpuHours: 0 }))
      r.gpuHours += g._sum.gpuHours ?? 0
    }
  }
  return [...out.values()].sort((a, b) => a.hour.localeCompare(b.hour) || a.key.localeCompare(b.key))
}

export interface TeamSpend {
  team: string
  today: Micros
  monthToDate: Micros
  forecast: Micros
  /** in the report currency; null without a budget, or when its currency cannot be converted */
  budget: Micros | null
  /** why a budget that exists is not shown (its currency has no rate) */
  budgetProblem: string | null
  warnAt: number
  state: BudgetState
}

async function spendByTeamBetween(from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await db().costDayTeam.groupBy({
    by: ['team'],
    where: { day: { gte: from, lt: to }, team: { not: '' } },
    _sum: { tokenCostMicros: true, gpuCostMicros: true },
  })
  return new Map(rows.map((r) => [r.team, micros(r._sum.tokenCostMicros) + micros(r._sum.gpuCostMicros)]))
}

/**
 * Spend today, month-to-date, month-end forecast and budget state per team (token + GPU cost;
 * unallocated GPUs belong to no team). The Overview and Teams pages show these.
 */
export async function teamSpend(now = new Date()): Promise<TeamSpend[]> {
  const today = startOfDay(now)
  const month = startOfMonth(now)
  const windowHours = runRateWindowHours(now)
  // Whole days for the run rate: the last `windowHours` rounded to days, today included.
  const windowStart = new Date(
    Math.max(month.getTime(), today.getTime() - Math.floor(windowHours / 24) * DAY_MS),
  )
  const tomorrow = new Date(today.getTime() + DAY_MS)
  const [mtd, day, recent, budgets, teams] = await Promise.all([
    spendByTeamBetween(month, addMonths(month, 1)),
    spendByTeamBetween(today, tomorrow),
    spendByTeamBetween(windowStart, tomorrow),
    db().teamBudget.findMany(),
    db().team.findMany({ select: { name: true } }),
  ])
  const hours = (now.getTime() - windowStart.getTime()) / HOUR_MS
  const basis = reportBasis()
  const names = new Set([...teams.map((t) => t.name), ...mtd.keys(), ...budgets.map((b) => b.team)])
  return [...names].sort().map((team) => {
    const b = budgets.find((x) => x.team === team)
    const monthToDate = mtd.get(team) ?? 0
    const forecast = Math.round(
      monthEndForecast({ now, monthToDate, recentSpend: recent.get(team) ?? 0, windowHours: hours }),
    )
    // A budget set in another currency (before the report currency changed) converts or is refused.
    const rate = b ? rateOf(basis, b.currency) : null
    const budget = b && rate !== null ? Math.round(micros(b.monthlyMicros) * rate) : null
    const budgetProblem =
      b && rate === null
        ? `The budget is in ${b.currency} and there is no rate to ${basis.currency} (AIRE_FX_RATES): set it again in ${basis.currency}.`
        : null
    return {
      team,
      today: day.get(team) ?? 0,
      monthToDate,
      forecast,
      budget,
      budgetProblem,
      warnAt: b?.warnAt ?? 0.8,
      state: budgetState(monthToDate, forecast, budget, b?.warnAt ?? 0.8),
    }
  })
}

export interface LedgerStatus {
  prometheusConfigured: boolean
  lastRunAt: string | null
  lastOkAt: string | null
  lastError: string | null
  metricsDownSince: string | null
  /** the ledger holds final hours up to (excluding) this moment */
  finalThrough: string | null
  /** and a partial view up to this moment */
  partialAt: string | null
  firstHour: string | null
}

export async function ledgerStatus(): Promise<LedgerStatus> {
  const [job, lastFinal, partial, first] = await Promise.all([
    db().costJob.findUnique({ where: { name: 'cost-rollup' } }),
    db().rollupHour.findFirst({ where: { status: 'final' }, orderBy: { hour: 'desc' } }),
    db().rollupHour.findFirst({ where: { status: 'partial' }, orderBy: { hour: 'desc' } }),
    db().rollupHour.findFirst({ orderBy: { hour: 'asc' } }),
  ])
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)
  return {
    prometheusConfigured: Boolean(process.env.PROMETHEUS_URL),
    lastRunAt: iso(job?.lastRunAt),
    lastOkAt: iso(job?.lastOkAt),
    lastError: job?.lastError ?? null,
    metricsDownSince: iso(job?.metricsDownSince),
    finalThrough: lastFinal ? new Date(lastFinal.hour.getTime() + HOUR_MS).toISOString() : null,
    partialAt: iso(partial?.rolledAt),
    firstHour: iso(first?.hour),
  }
}

export interface PricingStatus {
  /** the report currency; null when the configuration is invalid */
  currency: string | null
  /** "EUR at 1.08" */
  rates: string
  /** AIRE_REPORT_CURRENCY / AIRE_FX_RATES cannot be read: the sentence that says why */
  configError: string | null
  /** prices not counted because their currency has no rate */
  refused: { key: string; currency: string; effectiveFrom: string }[]
  /** the daily costs were computed under another currency or rates; the roll-up is re-costing */
  recosting: boolean
}

/** What the Costs page must say about currencies before it shows an amount. */
export async function pricingStatus(): Promise<PricingStatus> {
  let basis
  try {
    basis = reportBasis()
  } catch (e) {
    return {
      currency: null,
      rates: '',
      configError: e instanceof Error ? e.message : String(e),
      refused: [],
      recosting: false,
    }
  }
  const [books, job] = await Promise.all([
    loadPriceBooks(basis),
    db().costJob.findUnique({ where: { name: 'cost-rollup' }, select: { pricingBasis: true } }),
  ])
  const refused = [...books.models.refused, ...books.gpus.refused].map((r) => ({
    key: r.key,
    currency: r.currency,
    effectiveFrom: r.effectiveFrom.toISOString(),
  }))
  return {
    currency: basis.currency,
    rates: describeRates(basis),
    configError: null,
    refused,
    recosting: Boolean(job?.pricingBasis) && job?.pricingBasis !== basisKey(basis),
  }
}
