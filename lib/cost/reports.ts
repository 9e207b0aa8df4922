import 'server-only'
import { db } from '@/lib/db/client'
import { budgetState, monthEndForecast, runRateWindowHours, type BudgetState } from './forecast'
import type { CostQuery, Dimension } from './params'
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
import { costPerMillion as perMillion, priceAt, priceBook, tokenCost } from './prices'

/** Reports over the usage ledger's daily pre-aggregates (CostDay, GpuCostDay). */

type Filter = Pick<CostQuery, 'from' | 'to' | 'team' | 'model' | 'route' | 'cluster'>

export interface SpendRow {
  key: string
  tokenCost: number
  gpuCost: number
  idleCost: number
  total: number
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
    tokenCost: true,
    gpuCost: true,
    idleCost: true,
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
    row.tokenCost += r._sum.tokenCost ?? 0
    row.gpuCost += r._sum.gpuCost ?? 0
    row.idleCost += r._sum.idleCost ?? 0
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
      _sum: { tokenCost: true, inputTokens: true, outputTokens: true, cachedTokens: true },
    }),
    db().gpuCostDay.groupBy({
      by: dim === 'route' ? ['cluster', 'namespace', 'model', 'priced'] : [dim, 'priced'],
      where: gpuWhere(f),
      _sum: { cost: true, idleCost: true, gpuHours: true },
    }),
    dim === 'route' || f.route ? routeOfGpu(f) : Promise.resolve(null),
  ])
  for (const t of tok) {
    const r = row((t as Record<string, unknown>)[dim] as string)
    r.tokenCost += t._sum.tokenCost ?? 0
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
    r.gpuCost += g._sum.cost ?? 0
    r.idleCost += g._sum.idleCost ?? 0
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
  tokenCost: number
  gpuCost: number
}

/** Spend per bucket (day, week, month) and dimension, for the chart. */
export async function spendOverTime(f: Filter, dim: Dimension, grain: Grain): Promise<SeriesPoint[]> {
  const fast = totalsTable(f, dim)
  if (fast) {
    const where = { day: { gte: f.from, lt: f.to }, ...(f[fast] ? { [fast]: f[fast] } : {}) }
    const _sum = { tokenCost: true, gpuCost: true } as const
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
      p.tokenCost += r.tokenCost
      p.gpuCost += r.gpuCost
    }
    return [...points.values()].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key))
  }
  const [tok, gpu, routes] = await Promise.all([
    db().costDay.groupBy({ by: ['day', dim], where: tokenWhere(f), _sum: { tokenCost: true } }),
    db().gpuCostDay.groupBy({
      by: dim === 'route' ? ['day', 'cluster', 'namespace', 'model'] : ['day', dim],
      where: gpuWhere(f),
      _sum: { cost: true },
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
    point(t.day, (t as Record<string, unknown>)[dim] as string).tokenCost += t._sum.tokenCost ?? 0
  for (const g of gpu) {
    const rec = g as Record<string, unknown>
    let key = ((rec[dim] as string) ?? '') || UNALLOCATED
    if (dim === 'route' || f.route) {
      const route = routes?.get(`${rec.cluster}/${rec.namespace}/${rec.model}`)
      if (f.route && route !== f.route) continue
      if (dim === 'route') key = route ?? UNALLOCATED
    }
    point(g.day, key).gpuCost += g._sum.cost ?? 0
  }
  return [...points.values()].sort((a, b) => a.start.localeCompare(b.start) || a.key.localeCompare(b.key))
}

export interface ModelUnitCost {
  model: string
  tokens: number
  tokenCost: number
  gpuCost: number
  /** token price actually paid per 1M tokens */
  tokenPerM: number | null
  /** GPU cost of the pods serving the model per 1M tokens they served */
  gpuPerM: number | null
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
  cost: number
  idleCost: number
}

/** Idle GPU cost: allocated but unused capacity, and GPUs no pod holds (team "(unallocated)"). */
export async function idleGpuCost(f: Filter): Promise<IdleRow[]> {
  const rows = await db().gpuCostDay.groupBy({
    by: ['team', 'product'],
    where: gpuWhere(f),
    _sum: { gpuHours: true, busyHours: true, cost: true, idleCost: true },
  })
  return rows
    .map((r) => ({
      team: r.team || UNALLOCATED,
      product: r.product,
      gpuHours: r._sum.gpuHours ?? 0,
      busyHours: r._sum.busyHours ?? 0,
      cost: r._sum.cost ?? 0,
      idleCost: r._sum.idleCost ?? 0,
    }))
    .sort((a, b) => b.idleCost - a.idleCost)
}

export interface HourRow {
  hour: string
  key: string
  tokens: number
  tokenCost: number
  gpuHours: number
}

/** One day hour by hour (the deepest drill-down), costed at that day's prices. */
export async function hourly(f: Filter, dim: Dimension): Promise<HourRow[]> {
  const where = {
    hour: { gte: f.from, lt: f.to },
    ...(f.team ? { team: f.team } : {}),
    ...(f.model ? { model: f.model } : {}),
    ...(f.route ? { route: f.route } : {}),
    ...(f.cluster ? { cluster: f.cluster } : {}),
  }
  const [tok, prices] = await Promise.all([
    db().tokenUsageHour.groupBy({ by: ['hour', dim, 'model', 'tokenType'], where, _sum: { tokens: true } }),
    db().modelPrice.findMany(),
  ])
  const book = priceBook(prices, (p) => p.model)
  const acc = new Map<
    string,
    { hour: Date; key: string; model: string; input: number; output: number; cached: number }
  >()
  for (const t of tok) {
    const key = (t as Record<string, unknown>)[dim] as string
    const k = `${t.hour.getTime()}\u0000${key}\u0000${t.model}`
    let a = acc.get(k)
    if (!a) acc.set(k, (a = { hour: t.hour, key, model: t.model, input: 0, output: 0, cached: 0 }))
    const n = t._sum.tokens ?? 0
    if (t.tokenType === 'input') a.input += n
    else if (t.tokenType === 'output') a.output += n
    else a.cached += n
  }
  const out = new Map<string, HourRow>()
  for (const a of acc.values()) {
    const price = priceAt(book.get(a.model) ?? [], startOfDay(a.hour))
    const k = `${a.hour.getTime()}\u0000${a.key}`
    let r = out.get(k)
    if (!r) out.set(k, (r = { hour: a.hour.toISOString(), key: a.key, tokens: 0, tokenCost: 0, gpuHours: 0 }))
    r.tokens += a.input + a.output
    r.tokenCost += price ? tokenCost(a, price) : 0
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
  today: number
  monthToDate: number
  forecast: number
  budget: number | null
  warnAt: number
  state: BudgetState
}

async function spendByTeamBetween(from: Date, to: Date): Promise<Map<string, number>> {
  const rows = await db().costDayTeam.groupBy({
    by: ['team'],
    where: { day: { gte: from, lt: to }, team: { not: '' } },
    _sum: { tokenCost: true, gpuCost: true },
  })
  return new Map(rows.map((r) => [r.team, (r._sum.tokenCost ?? 0) + (r._sum.gpuCost ?? 0)]))
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
  const names = new Set([...teams.map((t) => t.name), ...mtd.keys(), ...budgets.map((b) => b.team)])
  return [...names].sort().map((team) => {
    const b = budgets.find((x) => x.team === team)
    const monthToDate = mtd.get(team) ?? 0
    const forecast = monthEndForecast({
      now,
      monthToDate,
      recentSpend: recent.get(team) ?? 0,
      windowHours: hours,
    })
    return {
      team,
      today: day.get(team) ?? 0,
      monthToDate,
      forecast,
      budget: b?.monthly ?? null,
      warnAt: b?.warnAt ?? 0.8,
      state: budgetState(monthToDate, forecast, b?.monthly ?? null, b?.warnAt ?? 0.8),
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
