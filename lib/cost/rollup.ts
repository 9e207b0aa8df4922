import 'server-only'
import { randomUUID } from 'node:crypto'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { CLUSTER_LABEL, GATEWAY } from '@/lib/metrics/contract'
import {
  gpuBusyHoursQuery,
  gpuHoursQuery,
  podModelQuery,
  tokenMetricProbe,
  tokenUsageQuery,
} from '@/lib/metrics/promql'
import { instantQuery, prometheusUrl, rangeQuery, type InstantSample } from '@/lib/metrics/prometheus'
import { log } from '@/lib/observability/log'
import { acquireLease, releaseLease } from './lease'
import { HOUR_MS, startOfDay, startOfHour } from './periods'
import { loadPriceBooks, recomputeDays, recomputeFrom, recostOnNewBasis } from './recompute'
import { hourlyGrowth, resetHoursQuery } from './token-queries'
import { GAP_WAIT_MS, findGaps, gapCorrections, type BoundaryGap } from './scrape-gaps'
import { namespaceTeams } from './team-map'

export const ROLLUP_JOB = 'cost-rollup'
/** An hour is final once its end is this far in the past (two scrapes and the rule lag). */
const SETTLE_MS = 2 * 60_000
/**
 * Hours per Prometheus range query: a day, so the per-series boundary values of the fast path stay
 * a few MB for thousands of series (and far below the 11,000-points limit).
 */
const CHUNK_HOURS = 24
/** Final hours per run by default: two weeks of catch-up. */
const MAX_HOURS = 336
const LEASE_MS = 10 * 60_000

export interface RollupOptions {
  now?: Date
  /** earliest hour to fill (default: AIRE_COST_BACKFILL_DAYS ago, 35 days) */
  since?: Date
  /** at most this many final hours per run (default 2 weeks) */
  maxHours?: number
  /** also roll the hour in progress (default true) */
  partial?: boolean
  holder?: string
}

export interface RollupReport {
  status: 'ok' | 'busy' | 'metrics_unavailable' | 'failed'
  hours: number
  partial: boolean
  tokenRows: number
  gpuRows: number
  days: number
  /** final hours still missing after this run */
  pending: number
  ms: number
  /** where the time went: Prometheus queries, ledger writes, daily pre-aggregates */
  timings: { prometheusMs: number; writeMs: number; recomputeMs: number }
  error?: string
}

interface TokenRow {
  hour: Date
  cluster: string
  team: string
  model: string
  route: string
  tokenType: string
  tokens: number
}

interface GpuRow {
  hour: Date
  cluster: string
  namespace: string
  team: string
  product: string
  model: string
  gpuHours: number
  busyHours: number
}

interface HourData {
  tokens: TokenRow[]
  gpu: GpuRow[]
}

/** Whole-GPU share of a MIG profile ("1g.5gb" → 1/7); whole GPUs count 1. */
export function migShare(profile: string | undefined): number {
  const m = profile ? /^(\d+)g\./.exec(profile) : null
  return m ? Number(m[1]) / 7 : 1
}

function backfillDays(): number {
  const n = Number(process.env.AIRE_COST_BACKFILL_DAYS ?? 35)
  return Number.isFinite(n) && n > 0 ? n : 35
}

const probed = globalThis as unknown as { aireTokenMetric?: { at: number; name: string } }

/** The gateway's token metric name (current or pre-1.0), probed every 10 minutes. */
async function tokenMetric(): Promise<string> {
  if (probed.aireTokenMetric && Date.now() - probed.aireTokenMetric.at < 600_000)
    return probed.aireTokenMetric.name
  const found = await instantQuery(tokenMetricProbe(), new Date())
  const names = found.map((s) => s.metric.__name__ ?? '')
  const name =
    names.includes(`${GATEWAY.tokenUsage}_sum`) || names.length === 0
      ? GATEWAY.tokenUsage
      : GATEWAY.tokenUsageLegacy
  if (names.length > 0) probed.aireTokenMetric = { at: Date.now(), name }
  return name
}

type Sample = InstantSample & { hour: number }

function byHour(
  series: { metric: Record<string, string>; values: [number, number][] }[],
  window: number,
): Sample[] {
  const out: Sample[] = []
  for (const s of series) {
    for (const [t, v] of s.values) out.push({ metric: s.metric, value: v, hour: t * 1000 - window * 1000 })
  }
  return out
}

/** Adds up samples of the same hour and labels (hourly growth plus scrape-gap corrections). */
function merged(samples: Sample[]): Sample[] {
  const out = new Map<string, Sample>()
  for (const s of samples) {
    const k = `${s.hour}\u0000${JSON.stringify(s.metric)}`
    const cur = out.get(k)
    if (cur) cur.value += s.value
    else out.set(k, { ...s })
  }
  return [...out.values()]
}

/** Turns query results into ledger rows, attributing GPUs to teams and served models. */
function toRows(
  hours: number[],
  tok: Sample[],
  gpu: Sample[],
  busy: Sample[],
  pods: Sample[],
  teams: Map<string, string>,
): Map<number, HourData> {
  const data = new Map<number, HourData>(hours.map((h) => [h, { tokens: [], gpu: [] }]))
  // Namespace → team also from the gateway: routes live in their team's namespace.
  const gatewayTeams = new Map<string, string>()
  for (const s of tok) {
    const route = s.metric[GATEWAY.routeLabel] ?? ''
    const team = s.metric[GATEWAY.teamLabel] ?? ''
    if (route.includes('/') && team)
      gatewayTeams.set(`${s.metric.cluster ?? ''}/${route.split('/')[0]}`, team)
    const d = data.get(s.hour)
    if (!d || !(s.value > 0)) continue
    d.tokens.push({
      hour: new Date(s.hour),
      cluster: s.metric.cluster ?? '',
      team: team || '(unattributed)',
      model: s.metric[GATEWAY.modelLabel] ?? '',
      route,
      tokenType: s.metric[GATEWAY.tokenTypeLabel] ?? '',
      tokens: s.value,
    })
  }
  const podModel = new Map<string, string>()
  for (const p of pods) {
    podModel.set(
      `${p.hour}/${p.metric.cluster ?? ''}/${p.metric.namespace ?? ''}/${p.metric.pod ?? ''}`,
      p.metric.model_name ?? '',
    )
  }
  const key = (s: Sample) =>
    `${s.hour}/${s.metric.cluster ?? ''}/${s.metric.namespace ?? ''}/${s.metric.pod ?? ''}/${s.metric.modelName ?? ''}/${s.metric.GPU_I_PROFILE ?? ''}`
  const busyOf = new Map(busy.map((s) => [key(s), s.value]))
  const agg = new Map<string, GpuRow>()
  for (const s of gpu) {
    if (!(s.value > 0) || !data.has(s.hour)) continue
    const cluster = s.metric.cluster ?? ''
    const namespace = s.metric.namespace ?? ''
    const share = migShare(s.metric.GPU_I_PROFILE)
    const model = podModel.get(`${s.hour}/${cluster}/${namespace}/${s.metric.pod ?? ''}`) ?? ''
    const product = s.metric.modelName ?? ''
    const team = namespace
      ? (teams.get(`${cluster}/${namespace}`) ?? gatewayTeams.get(`${cluster}/${namespace}`) ?? namespace)
      : ''
    const k = `${s.hour}\u0000${cluster}\u0000${namespace}\u0000${product}\u0000${model}`
    let row = agg.get(k)
    if (!row) {
      row = { hour: new Date(s.hour), cluster, namespace, team, product, model, gpuHours: 0, busyHours: 0 }
      agg.set(k, row)
    }
    row.gpuHours += s.value * share
    row.busyHours += (busyOf.get(key(s)) ?? 0) * share
  }
  for (const row of agg.values()) data.get(row.hour.getTime())?.gpu.push(row)
  return data
}

/**
 * Final hours of one contiguous chunk. The last hour is held back ('unsettled') while its end
 * lies in a scrape gap that has no sample after it yet: its share of the gap is still unknown.
 */
async function fetchFinal(
  hours: number[],
  metric: string,
  teams: Map<string, string>,
  now: Date,
): Promise<{ data: Map<number, HourData>; unsettled: Map<number, HourData> }> {
  const start = new Date(hours[0]! + HOUR_MS)
  const end = new Date(hours[hours.length - 1]! + HOUR_MS)
  const series = `${metric}_sum`
  const [boundaries, resets, gpu, busy, pods] = await Promise.all([
    rangeQuery(series, new Date(hours[0]!), end, 3600),
    rangeQuery(resetHoursQuery(series, 3600), start, end, 3600),
    rangeQuery(gpuHoursQuery(3600), start, end, 3600),
    rangeQuery(gpuBusyHoursQuery(3600), start, end, 3600),
    rangeQuery(podModelQuery(3600), start, end, 3600),
  ])
  const present = new Map<number, Set<string>>()
  for (const s of boundaries) {
    for (const [t] of s.values) {
      const at = Math.round(t * 1000)
      if (!present.has(at)) present.set(at, new Set())
      present.get(at)!.add(s.metric[CLUSTER_LABEL] ?? '')
    }
  }
  const gaps = await findGaps(series, [hours[0]!, ...hours.map((h) => h + HOUR_MS)], present)
  // Hours with a reset, a series starting or stopping, or a gap at either end: exact expression.
  // AIRE_COST_ROLLUP_EXACT=1 turns the fast path off (a backend that misbehaves, A/B runs).
  const growth = hourlyGrowth(boundaries, hours)
  const exact = new Set(growth.exact)
  for (const s of byHour(resets, 3600)) exact.add(s.hour)
  for (const g of gaps) exact.add(g.at - HOUR_MS).add(g.at)
  if (process.env.AIRE_COST_ROLLUP_EXACT === '1') for (const h of hours) exact.add(h)
  const tok: Sample[] = growth.samples.filter((s) => !exact.has(s.hour))
  const inChunk = hours.filter((h) => exact.has(h))
  for (let i = 0; i < inChunk.length; i += 4) {
    const batch = await Promise.all(
      inChunk.slice(i, i + 4).map(async (h) =>
        (await instantQuery(tokenUsageQuery(metric, 3600), new Date(h + HOUR_MS))).map((s) => ({
          ...s,
          hour: h,
        })),
      ),
    )
    tok.push(...batch.flat())
  }
  const last = hours[hours.length - 1]!
  const waiting = (g: BoundaryGap) =>
    g.at === last + HOUR_MS && g.after === null && now.getTime() - g.at < GAP_WAIT_MS
  const fixes = await gapCorrections(metric, gaps, new Set(hours))
  const all = toRows(
    hours,
    merged([...tok, ...fixes]),
    byHour(gpu, 3600),
    byHour(busy, 3600),
    byHour(pods, 3600),
    teams,
  )
  const unsettled = new Map<number, HourData>()
  if (gaps.some(waiting)) {
    unsettled.set(last, all.get(last)!)
    all.delete(last)
  }
  return { data: all, unsettled }
}

async function fetchPartial(hour: number, now: Date, metric: string, teams: Map<string, string>) {
  const window = Math.min(3600, Math.max(60, Math.floor((now.getTime() - hour) / 1000)))
  const at = new Date(hour + window * 1000)
  const q = (expr: string) => instantQuery(expr, at).then((r) => r.map((s) => ({ ...s, hour })))
  const [tok, gpu, busy, pods, gaps] = await Promise.all([
    q(tokenUsageQuery(metric, window)),
    q(gpuHoursQuery(window)),
    q(gpuBusyHoursQuery(window)),
    q(podModelQuery(window)),
    findGaps(`${metric}_sum`, [hour]),
  ])
  // A gap at the hour's start gives its earlier share to the hour before, as final hours do.
  const fixes = await gapCorrections(metric, gaps, new Set([hour]))
  return toRows([hour], merged([...tok, ...fixes]), gpu, busy, pods, teams)
}

async function write(
  data: Map<number, HourData>,
  status: 'final' | 'partial',
): Promise<{ tokenRows: number; gpuRows: number }> {
  const hours = [...data.keys()].map((h) => new Date(h))
  const tokens = [...data.values()].flatMap((d) => d.tokens)
  const gpu = [...data.values()].flatMap((d) => d.gpu)
  const now = new Date()
  await db().$transaction([
    db().tokenUsageHour.deleteMany({ where: { hour: { in: hours } } }),
    db().tokenUsageHour.createMany({ data: tokens }),
    db().gpuUsageHour.deleteMany({ where: { hour: { in: hours } } }),
    db().gpuUsageHour.createMany({ data: gpu }),
    db().rollupHour.deleteMany({ where: { hour: { in: hours } } }),
    db().rollupHour.createMany({
      data: [...data.entries()].map(([h, d]) => ({
        hour: new Date(h),
        status,
        rolledAt: now,
        tokenRows: d.tokens.length,
        gpuRows: d.gpu.length,
      })),
    }),
  ])
  return { tokenRows: tokens.length, gpuRows: gpu.length }
}

/**
 * Prices written since the previous run began (by the seed script, SQL, or an action on another
 * replica): the earliest date they take effect, from which the daily costs are recomputed.
 */
async function pricesChangedFrom(since: Date | null): Promise<Date | null> {
  const where = since ? { createdAt: { gte: since } } : {}
  const [m, g] = await Promise.all([
    db().modelPrice.findFirst({ where, orderBy: { effectiveFrom: 'asc' }, select: { effectiveFrom: true } }),
    db().gpuPrice.findFirst({ where, orderBy: { effectiveFrom: 'asc' }, select: { effectiveFrom: true } }),
  ])
  const dates = [m?.effectiveFrom, g?.effectiveFrom].filter((d): d is Date => Boolean(d))
  if (dates.length === 0) return null
  return startOfDay(new Date(Math.min(...dates.map((d) => d.getTime()))))
}

/** Final hours in [since, lastFinal] that the ledger does not hold yet (gaps included). */
async function missingHours(since: Date, now: Date): Promise<number[]> {
  const first = startOfHour(since).getTime()
  const lastFinal = startOfHour(new Date(now.getTime() - SETTLE_MS)).getTime() - HOUR_MS
  if (lastFinal < first) return []
  const done = await db().rollupHour.findMany({
    where: { hour: { gte: new Date(first), lte: new Date(lastFinal) }, status: 'final' },
    select: { hour: true },
  })
  const have = new Set(done.map((d) => d.hour.getTime()))
  const out: number[] = []
  for (let h = first; h <= lastFinal; h += HOUR_MS) if (!have.has(h)) out.push(h)
  return out
}

function chunks(hours: number[]): number[][] {
  const out: number[][] = []
  let cur: number[] = []
  for (const h of hours) {
    const prev = cur[cur.length - 1]
    if (cur.length > 0 && (h !== prev! + HOUR_MS || cur.length >= CHUNK_HOURS)) {
      out.push(cur)
      cur = []
    }
    cur.push(h)
  }
  if (cur.length) out.push(cur)
  return out
}

/**
 * Rolls Prometheus up into the usage ledger: every final hour not yet in it (catching up after
 * downtime, within AIRE_COST_BACKFILL_DAYS), then the hour in progress, then the daily
 * pre-aggregates of the days touched. Safe to run twice and on several replicas at once: a
 * lease picks one runner, and each hour's rows are replaced whole in one transaction.
 */
export async function rollUp(opts: RollupOptions = {}): Promise<RollupReport> {
  const t0 = Date.now()
  const started = new Date(t0)
  const now = opts.now ?? new Date()
  const holder = opts.holder ?? `${process.pid}-${randomUUID().slice(0, 8)}`
  const report: RollupReport = {
    status: 'ok',
    hours: 0,
    partial: false,
    tokenRows: 0,
    gpuRows: 0,
    days: 0,
    pending: 0,
    ms: 0,
    timings: { prometheusMs: 0, writeMs: 0, recomputeMs: 0 },
  }
  const timed = async <T>(k: keyof RollupReport['timings'], p: Promise<T>): Promise<T> => {
    const t = Date.now()
    try {
      return await p
    } finally {
      report.timings[k] += Date.now() - t
    }
  }
  if (!prometheusUrl())
    return { ...report, status: 'metrics_unavailable', error: 'PROMETHEUS_URL is not set.' }
  if (!(await acquireLease(ROLLUP_JOB, holder, LEASE_MS)))
    return { ...report, status: 'busy', ms: Date.now() - t0 }
  try {
    const prev = await db().costJob.findUnique({ where: { name: ROLLUP_JOB } })
    await db().costJob.update({ where: { name: ROLLUP_JOB }, data: { lastRunAt: started } })
    // lastOkAt is when the last successful run started: prices written since need re-costing.
    const reprice = await pricesChangedFrom(prev?.lastOkAt ?? null)
    const since = opts.since ?? new Date(now.getTime() - backfillDays() * 24 * HOUR_MS)
    const missing = await missingHours(since, now)
    const todo = missing.slice(-(opts.maxHours ?? MAX_HOURS))
    report.pending = missing.length - todo.length
    const days = new Set<number>()
    if (todo.length > 0 || opts.partial !== false) {
      const metric = await tokenMetric()
      const teams = await namespaceTeams()
      for (const chunk of chunks(todo)) {
        const { data, unsettled } = await timed('prometheusMs', fetchFinal(chunk, metric, teams, now))
        const n = await timed('writeMs', write(data, 'final'))
        if (unsettled.size > 0) {
          const u = await timed('writeMs', write(unsettled, 'partial'))
          n.tokenRows += u.tokenRows
          n.gpuRows += u.gpuRows
          report.pending += unsettled.size
        }
        report.hours += data.size
        report.tokenRows += n.tokenRows
        report.gpuRows += n.gpuRows
        for (const h of chunk) days.add(startOfDay(new Date(h)).getTime())
        await acquireLease(ROLLUP_JOB, holder, LEASE_MS)
      }
      const current = startOfHour(now).getTime()
      const lastFinalDone = startOfHour(new Date(now.getTime() - SETTLE_MS)).getTime() - HOUR_MS
      if (opts.partial !== false) {
        // The hour in progress, and the previous one while it settles, stay 'partial'.
        for (const h of [lastFinalDone + HOUR_MS, current].filter((h, i, a) => a.indexOf(h) === i)) {
          if (h >= now.getTime()) continue
          const data = await timed('prometheusMs', fetchPartial(h, now, metric, teams))
          const n = await timed('writeMs', write(data, 'partial'))
          report.tokenRows += n.tokenRows
          report.gpuRows += n.gpuRows
          days.add(startOfDay(new Date(h)).getTime())
        }
        report.partial = true
      }
    }
    const books = await loadPriceBooks()
    // A new report currency or rate re-costs the whole ledger (this run's hours included).
    const rebased = await timed('recomputeMs', recostOnNewBasis(ROLLUP_JOB, books))
    if (rebased > 0) report.days += rebased
    else {
      if (reprice) report.days += await timed('recomputeMs', recomputeFrom(reprice, books))
      await timed(
        'recomputeMs',
        recomputeDays(
          [...days].filter((d) => !reprice || d < reprice.getTime()).map((d) => new Date(d)),
          books,
        ),
      )
      report.days += days.size
    }
    await db().costJob.update({
      where: { name: ROLLUP_JOB },
      data: { lastOkAt: started, lastError: null, metricsDownSince: null },
    })
  } catch (e) {
    const down = e instanceof AppError && e.code === 'metrics_unavailable'
    report.status = down ? 'metrics_unavailable' : 'failed'
    report.error = e instanceof Error ? e.message : String(e)
    if (!down) log.error('cost roll-up failed', { error: e })
    const job = await db().costJob.findUnique({ where: { name: ROLLUP_JOB } })
    await db().costJob.update({
      where: { name: ROLLUP_JOB },
      data: {
        lastError: report.error.slice(0, 500),
        ...(down && !job?.metricsDownSince ? { metricsDownSince: job?.lastOkAt ?? new Date() } : {}),
      },
    })
  } finally {
    await releaseLease(ROLLUP_JOB, holder)
    report.ms = Date.now() - t0
  }
  return report
}
