import 'server-only'
import { AppError } from '@/lib/errors'
import { instantQuery } from '@/lib/metrics/prometheus'
import { log } from '@/lib/observability/log'
import { batchQuery, errorRatioQuery, sliQueries } from './sli'
import { statusFromRatios, type SloStatus } from './status'
import type { SloDefinition } from './types'
import { BURN_WINDOWS, windowSeconds, type BurnWindow } from './windows'

type Ratios = { [K in BurnWindow | 'window']?: number }

interface Job {
  key: BurnWindow | 'window'
  slos: SloDefinition[]
  seconds: (slo: SloDefinition) => number
}

async function runBatch(job: Job, now: Date, out: Map<string, Ratios>, errors: Map<string, string>) {
  const parts = job.slos.map((s) => ({ id: s.id, expr: errorRatioQuery(sliQueries(s), job.seconds(s)) }))
  if (parts.length === 0) return
  const put = (id: string, v: number) => {
    const r = out.get(id) ?? {}
    r[job.key] = v
    out.set(id, r)
  }
  try {
    for (const sample of await instantQuery(batchQuery(parts), now)) {
      if (sample.metric.slo) put(sample.metric.slo, sample.value)
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'metrics_unavailable') {
      for (const p of parts) errors.set(p.id, e.message)
      return
    }
    // One bad custom query fails the whole batch: evaluate one by one to isolate it.
    await Promise.all(
      parts.map(async (p) => {
        try {
          const [sample] = await instantQuery(p.expr, now)
          if (sample) put(p.id, sample.value)
        } catch (err) {
          log.warn('slo query failed', { slo: p.id, window: job.key, error: err })
          errors.set(p.id, 'Prometheus refused this SLO’s query; check its custom PromQL.')
        }
      }),
    )
  }
}

const SHORT: readonly BurnWindow[] = ['5m', '30m', '1h', '2h', '6h']
const LONG: readonly BurnWindow[] = ['1d', '3d']

/**
 * One query per window and SLI kind: Prometheus evaluates a query on one goroutine, so splitting
 * the batch lets it use several cores (and a custom query that fails only takes its kind down).
 */
function byKind(slos: readonly SloDefinition[]): SloDefinition[][] {
  const groups = new Map<string, SloDefinition[]>()
  for (const s of slos) groups.set(s.sliKind, [...(groups.get(s.sliKind) ?? []), s])
  return [...groups.values()]
}

function jobsFor(
  slos: readonly SloDefinition[],
  windows: readonly BurnWindow[],
  withSloWindow: boolean,
): Job[] {
  const jobs: Job[] = []
  for (const group of byKind(slos)) {
    for (const w of windows) jobs.push({ key: w, slos: group, seconds: () => BURN_WINDOWS[w] })
    if (!withSloWindow) continue
    for (const days of new Set(group.map((s) => s.windowDays))) {
      jobs.push({
        key: 'window',
        slos: group.filter((s) => s.windowDays === days),
        seconds: () => windowSeconds(days),
      })
    }
  }
  return jobs
}

interface Batch {
  ratios: Map<string, Ratios>
  errors: Map<string, string>
}

async function runJobs(jobs: Job[], now: Date): Promise<Batch> {
  const ratios = new Map<string, Ratios>()
  const errors = new Map<string, string>()
  await Promise.all(jobs.map((j) => runBatch(j, now, ratios, errors)))
  return { ratios, errors }
}

function combine(slos: readonly SloDefinition[], parts: Batch[], now: Date): Map<string, SloStatus> {
  return new Map(
    slos.map((s) => {
      const ratios = Object.assign({}, ...parts.map((p) => p.ratios.get(s.id) ?? {})) as Ratios
      const error = parts.map((p) => p.errors.get(s.id)).find(Boolean) ?? null
      return [s.id, statusFromRatios(s, ratios, now, error)]
    }),
  )
}

/**
 * Every SLO's status at `now`, uncached: per SLI kind, one instant query per burn window and per
 * SLO window length, each batching that kind's SLOs (label_replace + or), run in parallel.
 */
export async function evaluateSlos(
  slos: readonly SloDefinition[],
  now = new Date(),
): Promise<Map<string, SloStatus>> {
  const all = await runJobs(jobsFor(slos, [...SHORT, ...LONG], true), now)
  return combine(slos, [all], now)
}

/**
 * Short windows (5m … 6h, what pages) are fresh to 15 s, for the whole set of SLOs at once (cheap).
 * Long windows (1d, 3d) and the SLO window change by at most 1/288 of themselves in 5 minutes and
 * are the expensive part (they read days of samples), so they are kept per SLO: a new or edited
 * SLO costs only its own queries, stale values are served while a background refresh runs, and
 * lib/slo/warm.ts fills and refreshes them from server start so no visitor pays for them cold.
 * A result with an error (Prometheus down, a refused custom query) is kept only as long as a short
 * one. Shared by every page and user of the process.
 */
const SHORT_MS = 15_000
const LONG_MS = 300_000
interface ShortEntry {
  key: string
  at: number
  value: Promise<Batch>
}
interface LongEntry {
  at: number
  ratios: Ratios
  error?: string
}
interface LongCache {
  entries: Map<string, LongEntry>
  /** Loads in flight, by SLO key: concurrent pages wait for the same queries. */
  loading: Map<string, Promise<void>>
}
const g = globalThis as unknown as { aireSloShort?: ShortEntry; aireSloLongBySlo?: LongCache }

const sloKey = (s: SloDefinition) => `${s.id}@${s.updatedAt}`

function longCache(): LongCache {
  g.aireSloLongBySlo ??= { entries: new Map(), loading: new Map() }
  return g.aireSloLongBySlo
}

function shortBatch(slos: readonly SloDefinition[], now: Date): Promise<Batch> {
  const key = slos.map(sloKey).join(',')
  const hit = g.aireSloShort
  if (hit && hit.key === key && Date.now() - hit.at < SHORT_MS) return hit.value
  const value = runJobs(jobsFor(slos, SHORT, false), now)
  const entry: ShortEntry = { key, at: Date.now(), value }
  g.aireSloShort = entry
  value.then(
    (b) => {
      // Errors (Prometheus down) are retried on the next request instead of being served 15 s.
      if (b.errors.size > 0 && g.aireSloShort === entry) g.aireSloShort = undefined
    },
    () => {
      if (g.aireSloShort === entry) g.aireSloShort = undefined
    },
  )
  return value
}

/** Queries the long windows of `slos` and stores them per SLO. */
function loadLong(slos: readonly SloDefinition[]): Promise<void> {
  const cache = longCache()
  const keys = slos.map(sloKey)
  const load = runJobs(jobsFor(slos, LONG, true), new Date()).then((b) => {
    const at = Date.now()
    for (const s of slos) {
      const error = b.errors.get(s.id)
      cache.entries.set(sloKey(s), { at, ratios: b.ratios.get(s.id) ?? {}, ...(error ? { error } : {}) })
    }
  })
  const done = load.finally(() => {
    for (const k of keys) if (cache.loading.get(k) === done) cache.loading.delete(k)
  })
  for (const k of keys) cache.loading.set(k, done)
  return done
}

const isFresh = (e: LongEntry, now: number) => now - e.at < (e.error ? SHORT_MS : LONG_MS)

/**
 * Long-window ratios of `slos`: waits only for SLOs never evaluated (or whose last result was an
 * error); stale ones are served and refreshed in the background. `force` refreshes every SLO
 * not already loading (the warmer), without waiting.
 */
async function longBatch(slos: readonly SloDefinition[], force = false): Promise<Batch> {
  const cache = longCache()
  const now = Date.now()
  const missing: SloDefinition[] = []
  const stale: SloDefinition[] = []
  const waits = new Set<Promise<void>>()
  for (const s of slos) {
    const k = sloKey(s)
    const e = cache.entries.get(k)
    const inFlight = cache.loading.get(k)
    if (e && !e.error && !isFresh(e, now) && inFlight === undefined) stale.push(s)
    else if (e && !e.error && force && inFlight === undefined) stale.push(s)
    if (e && (isFresh(e, now) || !e.error)) continue
    if (inFlight) waits.add(inFlight)
    else missing.push(s)
  }
  if (stale.length > 0) {
    loadLong(stale).catch((err: unknown) => log.warn('slo long-window refresh failed', { error: err }))
  }
  if (missing.length > 0) waits.add(loadLong(missing))
  await Promise.all(waits)
  const ratios = new Map<string, Ratios>()
  const errors = new Map<string, string>()
  for (const s of slos) {
    const e = cache.entries.get(sloKey(s))
    if (!e) continue
    ratios.set(s.id, e.ratios)
    if (e.error) errors.set(s.id, e.error)
  }
  return { ratios, errors }
}

export async function cachedEvaluation(slos: readonly SloDefinition[]): Promise<Map<string, SloStatus>> {
  const now = new Date()
  const [short, long] = await Promise.all([shortBatch(slos, now), longBatch(slos)])
  return combine(slos, [long, short], now)
}

/** Fills the long-window cache for `slos` (first run) or refreshes it in the background. */
export async function refreshLongWindows(slos: readonly SloDefinition[]): Promise<void> {
  await longBatch(slos, true)
  // Entries of deleted or edited SLOs would otherwise stay for the life of the process.
  const keep = new Set(slos.map(sloKey))
  for (const k of longCache().entries.keys()) if (!keep.has(k)) longCache().entries.delete(k)
}
