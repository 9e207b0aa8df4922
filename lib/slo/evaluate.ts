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

function jobsFor(
  slos: readonly SloDefinition[],
  windows: readonly BurnWindow[],
  withSloWindow: boolean,
): Job[] {
  const jobs: Job[] = windows.map((w) => ({ key: w, slos: [...slos], seconds: () => BURN_WINDOWS[w] }))
  if (withSloWindow) {
    for (const days of new Set(slos.map((s) => s.windowDays))) {
      jobs.push({
        key: 'window',
        slos: slos.filter((s) => s.windowDays === days),
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
 * Every SLO's status at `now`: one instant query per burn window and per SLO window length, each
 * batching all SLOs (label_replace + or), so 50 SLOs cost 9 queries run in parallel.
 */
export async function evaluateSlos(
  slos: readonly SloDefinition[],
  now = new Date(),
): Promise<Map<string, SloStatus>> {
  const all = await runJobs(jobsFor(slos, [...SHORT, ...LONG], true), now)
  return combine(slos, [all], now)
}

/**
 * Short windows (5m … 6h, what pages) are fresh to 15 s; long windows (1d, 3d) and the SLO window
 * change by at most 1/288 of themselves in 5 minutes, so they are reused for 5 minutes and then
 * refreshed in the background while the stale values are served. Shared by every page and user.
 */
const SHORT_MS = 15_000
const LONG_MS = 300_000
interface Entry<T> {
  key: string
  at: number
  value: Promise<T>
  refreshing?: boolean
}
const g = globalThis as unknown as { aireSloShort?: Entry<Batch>; aireSloLong?: Entry<Batch> }

function cached(
  slot: 'aireSloShort' | 'aireSloLong',
  key: string,
  ttl: number,
  staleOk: boolean,
  load: () => Promise<Batch>,
): Promise<Batch> {
  const hit = g[slot]
  const fresh = hit && hit.key === key && Date.now() - hit.at < ttl
  if (hit && hit.key === key && (fresh || staleOk)) {
    if (!fresh && !hit.refreshing) {
      hit.refreshing = true
      const value = load()
      value.then(
        () => (g[slot] = { key, at: Date.now(), value }),
        () => (hit.refreshing = false),
      )
    }
    return hit.value
  }
  const value = load()
  g[slot] = { key, at: Date.now(), value }
  value.catch(() => {
    if (g[slot]?.value === value) g[slot] = undefined
  })
  return value
}

export async function cachedEvaluation(slos: readonly SloDefinition[]): Promise<Map<string, SloStatus>> {
  const key = slos.map((s) => `${s.id}@${s.updatedAt}`).join(',')
  const now = new Date()
  const [short, long] = await Promise.all([
    cached('aireSloShort', key, SHORT_MS, false, () => runJobs(jobsFor(slos, SHORT, false), now)),
    cached('aireSloLong', key, LONG_MS, true, () => runJobs(jobsFor(slos, LONG, true), now)),
  ])
  return combine(slos, [long, short], now)
}
