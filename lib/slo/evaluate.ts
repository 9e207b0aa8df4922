import 'server-only'
import { AppError } from '@/lib/errors'
import { instantQuery } from '@/lib/metrics/prometheus'
import { log } from '@/lib/observability/log'
import { batchQuery, errorRatioQuery, sliQueries } from './sli'
import { statusFromRatios, type SloStatus } from './status'
import type { SloDefinition } from './types'
import { BURN_WINDOWS, BURN_WINDOW_NAMES, windowSeconds, type BurnWindow } from './windows'

type Ratios = Partial<Record<BurnWindow | 'window', number>>

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

/**
 * Every SLO's status at `now`: one instant query per burn window and per SLO window length, each
 * batching all SLOs (label_replace + or), so 50 SLOs cost 9 queries run in parallel.
 */
export async function evaluateSlos(
  slos: readonly SloDefinition[],
  now = new Date(),
): Promise<Map<string, SloStatus>> {
  const jobs: Job[] = BURN_WINDOW_NAMES.map((w) => ({
    key: w,
    slos: [...slos],
    seconds: () => BURN_WINDOWS[w],
  }))
  for (const days of new Set(slos.map((s) => s.windowDays))) {
    jobs.push({
      key: 'window',
      slos: slos.filter((s) => s.windowDays === days),
      seconds: () => windowSeconds(days),
    })
  }
  const ratios = new Map<string, Ratios>()
  const errors = new Map<string, string>()
  await Promise.all(jobs.map((j) => runBatch(j, now, ratios, errors)))
  return new Map(
    slos.map((s) => [s.id, statusFromRatios(s, ratios.get(s.id) ?? {}, now, errors.get(s.id) ?? null)]),
  )
}

const CACHE_MS = 15_000
const g = globalThis as unknown as {
  aireSloEval?: { key: string; at: number; value: Promise<Map<string, SloStatus>> }
}

/** evaluateSlos, shared for 15 s by every page and user (Overview, SLOs, Triage, Models, Routes). */
export function cachedEvaluation(slos: readonly SloDefinition[]): Promise<Map<string, SloStatus>> {
  const key = slos.map((s) => `${s.id}@${s.updatedAt}`).join(',')
  const hit = g.aireSloEval
  if (hit && hit.key === key && Date.now() - hit.at < CACHE_MS) return hit.value
  const value = evaluateSlos(slos)
  g.aireSloEval = { key, at: Date.now(), value }
  value.catch(() => {
    if (g.aireSloEval?.value === value) g.aireSloEval = undefined
  })
  return value
}
