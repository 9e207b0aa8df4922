import 'server-only'
import { AppError } from '@/lib/errors'
import { instantQuery } from '@/lib/metrics/prometheus'
import { log } from '@/lib/observability/log'
import { batchQuery, errorRatioQuery, freshnessQuery, FRESH_SECONDS, lastSeenQuery, sliQueries } from './sli'
import { statusFromRatios, type SloStatus } from './status'
import type { SloDefinition } from './types'
import { BURN_WINDOWS, windowSeconds, type BurnWindow } from './windows'

type Ratios = { [K in BurnWindow | 'window' | 'fresh' | 'lastSeen']?: number }

interface Job {
  key: BurnWindow | 'window' | 'fresh' | 'lastSeen'
  slos: SloDefinition[]
  seconds: (slo: SloDefinition) => number
  /** Another expression than the window's error ratio (the freshness checks). */
  expr?: (slo: SloDefinition) => string
}

async function runBatch(job: Job, now: Date, out: Map<string, Ratios>, errors: Map<string, string>) {
  const exprOf = job.expr ?? ((s: SloDefinition) => errorRatioQuery(sliQueries(s), job.seconds(s)))
  const parts = job.slos.map((s) => ({ id: s.id, expr: exprOf(s) }))
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

const SHORT: readonly BurnWindow[] = ['5m', '30m', '1h']
const MEDIUM: readonly BurnWindow[] = ['2h', '6h']
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
    // With the short windows: whether the SLI's events still arrive at all (see freshnessQuery).
    if (windows.includes('5m'))
      jobs.push({
        key: 'fresh',
        slos: group,
        seconds: () => FRESH_SECONDS,
        expr: (s) => freshnessQuery(sliQueries(s)),
      })
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
  // SLOs whose events stopped: when they were last seen, for "no data since …".
  const fresh = jobs.filter((j) => j.key === 'fresh')
  const stale = fresh
    .flatMap((j) => j.slos)
    .filter((s) => !errors.has(s.id) && ratios.get(s.id)?.fresh === undefined)
  if (stale.length > 0) {
    for (const group of byKind(stale)) {
      const job: Job = {
        key: 'lastSeen',
        slos: group,
        seconds: () => FRESH_SECONDS,
        expr: (s) => lastSeenQuery(sliQueries(s)),
      }
      await runBatch(job, now, ratios, new Map())
    }
  }
  for (const s of fresh.flatMap((j) => j.slos)) {
    if (errors.has(s.id)) continue
    const r = ratios.get(s.id) ?? {}
    // Checked and absent: -1 marks "no events in the freshness window" for statusFromRatios.
    r.fresh ??= -1
    ratios.set(s.id, r)
  }
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
  const all = await runJobs(jobsFor(slos, [...SHORT, ...MEDIUM, ...LONG], true), now)
  return combine(slos, [all], now)
}

/**
 * How long each window's value is reused, in proportion to the window (a window of length W moves
 * by t/W in t seconds):
 * - short (5m, 30m, 1h — the fast page condition and the recovery): fresh to 15 s, for the whole
 *   set of SLOs at once (they are cheap);
 * - medium (2h, 6h): 60 s, at most 0.8% of the window; the 6h & 30m page is at most a minute late;
 * - long (1d, 3d, the 28/30-day SLO window — the queries that read days of samples): 5 minutes.
 * Medium and long values are kept per SLO (a new or edited SLO costs only its own queries), served
 * stale while a background refresh runs (never older than `maxStaleMs`), and kept fresh by
 * lib/slo/warm.ts from server start, so a visitor only waits for the short windows. A result with
 * an error (Prometheus down, a refused custom query) is kept only as long as a short one. Shared by
 * every page and user of the process.
 */
const SHORT_MS = 15_000
interface Tier {
  name: 'medium' | 'long'
  windows: readonly BurnWindow[]
  withSloWindow: boolean
  ttlMs: number
  maxStaleMs: number
}
const TIERS: readonly Tier[] = [
  { name: 'medium', windows: MEDIUM, withSloWindow: false, ttlMs: 60_000, maxStaleMs: 180_000 },
  { name: 'long', windows: LONG, withSloWindow: true, ttlMs: 300_000, maxStaleMs: 900_000 },
]
interface ShortEntry {
  key: string
  at: number
  value: Promise<Batch>
}
interface TierEntry {
  at: number
  ratios: Ratios
  error?: string
}
interface TierCache {
  /** By tier and SLO key. */
  entries: Map<string, TierEntry>
  /** Loads in flight, same keys: concurrent pages wait for the same queries. */
  loading: Map<string, Promise<void>>
}
const g = globalThis as unknown as { aireSloShort?: Map<string, ShortEntry>; aireSloTiers?: TierCache }

const sloKey = (s: SloDefinition) => `${s.id}@${s.updatedAt}`
const entryKey = (t: Tier, s: SloDefinition) => `${t.name}|${sloKey(s)}`

function tierCache(): TierCache {
  g.aireSloTiers ??= { entries: new Map(), loading: new Map() }
  return g.aireSloTiers
}

function shortCache(): Map<string, ShortEntry> {
  g.aireSloShort ??= new Map()
  return g.aireSloShort
}

/** The short windows of a set of SLOs (the list's, or one SLO's for triage), fresh to 15 s. */
function shortBatch(slos: readonly SloDefinition[], now: Date): Promise<Batch> {
  const cache = shortCache()
  const key = slos.map(sloKey).join(',')
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < SHORT_MS) return hit.value
  for (const [k, e] of cache) if (Date.now() - e.at >= SHORT_MS) cache.delete(k)
  const value = runJobs(jobsFor(slos, SHORT, false), now)
  const entry: ShortEntry = { key, at: Date.now(), value }
  cache.set(key, entry)
  const drop = () => {
    if (cache.get(key) === entry) cache.delete(key)
  }
  // Errors (Prometheus down) are retried on the next request instead of being served 15 s.
  value.then((b) => (b.errors.size > 0 ? drop() : undefined), drop)
  return value
}

/** Queries a tier's windows for `slos` and stores them per SLO. */
function loadTier(tier: Tier, slos: readonly SloDefinition[]): Promise<void> {
  const cache = tierCache()
  const keys = slos.map((s) => entryKey(tier, s))
  const load = runJobs(jobsFor(slos, tier.windows, tier.withSloWindow), new Date()).then((b) => {
    const at = Date.now()
    for (const s of slos) {
      const error = b.errors.get(s.id)
      cache.entries.set(entryKey(tier, s), {
        at,
        ratios: b.ratios.get(s.id) ?? {},
        ...(error ? { error } : {}),
      })
    }
  })
  const done = load.finally(() => {
    for (const k of keys) if (cache.loading.get(k) === done) cache.loading.delete(k)
  })
  for (const k of keys) cache.loading.set(k, done)
  return done
}

/**
 * A tier's ratios for `slos`: waits only for SLOs never evaluated, too stale, or whose last result
 * was an error; stale ones are served and refreshed in the background. `refresh` (the warmer)
 * also refreshes, without waiting, entries in the last fifth of their freshness.
 */
async function tierBatch(tier: Tier, slos: readonly SloDefinition[], refresh = false): Promise<Batch> {
  const cache = tierCache()
  const now = Date.now()
  const behind: SloDefinition[] = []
  const missing: SloDefinition[] = []
  const waits = new Set<Promise<void>>()
  for (const s of slos) {
    const k = entryKey(tier, s)
    const e = cache.entries.get(k)
    const inFlight = cache.loading.get(k)
    const age = e ? now - e.at : Infinity
    const usable = e && (e.error ? age < SHORT_MS : age < tier.maxStaleMs)
    if (usable) {
      const due = refresh ? age > tier.ttlMs * 0.8 : age >= tier.ttlMs
      if (!e.error && due && inFlight === undefined) behind.push(s)
      continue
    }
    if (inFlight) waits.add(inFlight)
    else missing.push(s)
  }
  if (behind.length > 0) {
    loadTier(tier, behind).catch((err: unknown) =>
      log.warn('slo window refresh failed', { tier: tier.name, error: err }),
    )
  }
  if (missing.length > 0) waits.add(loadTier(tier, missing))
  await Promise.all(waits)
  const ratios = new Map<string, Ratios>()
  const errors = new Map<string, string>()
  for (const s of slos) {
    const e = cache.entries.get(entryKey(tier, s))
    if (!e) continue
    ratios.set(s.id, e.ratios)
    if (e.error) errors.set(s.id, e.error)
  }
  return { ratios, errors }
}

export async function cachedEvaluation(slos: readonly SloDefinition[]): Promise<Map<string, SloStatus>> {
  const now = new Date()
  const parts = await Promise.all([...TIERS.map((t) => tierBatch(t, slos)), shortBatch(slos, now)])
  return combine(slos, parts, now)
}

/**
 * One SLO's status without evaluating the others: the shared short windows when they are fresh
 * (the same numbers as the list), else this SLO's own short queries.
 */
export async function cachedStatus(slo: SloDefinition, all: readonly SloDefinition[]): Promise<SloStatus> {
  const hit = shortCache().get(all.map(sloKey).join(','))
  const shared = hit !== undefined && Date.now() - hit.at < SHORT_MS && all.some((s) => s.id === slo.id)
  const set = shared ? all : [slo]
  return (await cachedEvaluation(set)).get(slo.id)!
}

/** Fills the medium and long windows for `slos` (first run) or refreshes them in the background. */
export async function refreshLongWindows(slos: readonly SloDefinition[]): Promise<void> {
  await Promise.all(TIERS.map((t) => tierBatch(t, slos, true)))
  // Entries of deleted or edited SLOs would otherwise stay for the life of the process.
  const keep = new Set(TIERS.flatMap((t) => slos.map((s) => entryKey(t, s))))
  for (const k of tierCache().entries.keys()) if (!keep.has(k)) tierCache().entries.delete(k)
}
