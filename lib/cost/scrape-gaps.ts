import 'server-only'
import { CLUSTER_LABEL } from '@/lib/metrics/contract'
import { tokenUsageQuery } from '@/lib/metrics/promql'
import { instantQuery, rangeQuery, type InstantSample } from '@/lib/metrics/prometheus'
import { HOUR_MS } from './periods'

/**
 * Scrape gaps at hour boundaries.
 *
 * The ledger takes an hour's tokens as the counter's last sample at or before the hour's end minus
 * the last sample at or before its start. That telescopes exactly, but when no sample was taken
 * around a boundary (Prometheus down, the gateway unreachable) every token of the gap lands in the
 * hour after it — and in the day after it when the gap straddles midnight. A gap from t1 (last
 * sample before the boundary B) to t2 (first sample after it) is split in proportion to time
 * instead: (B − t1)/(t2 − t1) of what the counters grew across it belongs to the hour before B.
 * Until a sample after B exists the split is unknown, so the hour before B is not final yet.
 * Gaps are found per cluster: each cluster's gateway is its own scrape target.
 */

/** A boundary whose last sample is older than this has a gap (scrape intervals are ≤ 1 min). */
export const GAP_MS = 2 * 60_000
/** Give up waiting for samples after a gap this long after the boundary: the hour is final. */
export const GAP_WAIT_MS = 6 * HOUR_MS

export interface BoundaryGap {
  cluster: string
  /** the hour boundary (ms) */
  at: number
  /** last sample at or before `at` (ms) */
  before: number
  /** first sample after `at` (ms); null while there is none yet */
  after: number | null
}

/** Share of the growth across a gap that belongs before the boundary (time-proportional). */
export function shareBefore(gap: { at: number; before: number; after: number }): number {
  if (gap.after <= gap.before) return 0
  return Math.min(1, Math.max(0, (gap.at - gap.before) / (gap.after - gap.before)))
}

/** Latest sample time per cluster (within the server's lookback, 5 min by default). */
export function latestSampleQuery(series: string): string {
  return `max by (${CLUSTER_LABEL}) (timestamp(${series}))`
}

/** Latest sample time per cluster at or before the evaluation time, looking back an hour. */
export function lastSampleBeforeQuery(series: string): string {
  return `max by (${CLUSTER_LABEL}) (max_over_time(timestamp(${series})[1h:1m]))`
}

/**
 * Earliest sample time after `atSeconds` among samples visible from the subquery's steps: exact
 * to the step, so it is asked first at 1-minute steps over an hour, then at 1-second steps over
 * the minute before the answer.
 */
export function firstSampleAfterQuery(series: string, atSeconds: number, range: '1h:1m' | '1m:1s'): string {
  return `min by (${CLUSTER_LABEL}) (min_over_time((timestamp(${series}) > ${atSeconds})[${range}]))`
}

const perCluster = (r: InstantSample[]): Map<string, number> =>
  new Map(
    r.filter((s) => Number.isFinite(s.value)).map((s) => [s.metric[CLUSTER_LABEL] ?? '', s.value * 1000]),
  )

/**
 * Boundaries in `boundaries` (ms, hourly, ascending) where a cluster's series were not scraped.
 * `present` (clusters with a sample within the server's look-back at each boundary, from a query
 * the caller made anyway) saves the look-up of the newest sample times; it then finds the gaps
 * longer than the look-back (5 min by default) — shorter ones move at most that much to the next
 * hour.
 */
export async function findGaps(
  series: string,
  boundaries: number[],
  present?: Map<number, Set<string>>,
): Promise<BoundaryGap[]> {
  if (boundaries.length === 0) return []
  const first = boundaries[0]!
  const last = boundaries[boundaries.length - 1]!
  const seen = new Map<string, number>()
  if (present) {
    for (const [at, clusters] of present) for (const c of clusters) seen.set(`${c}@${at}`, at)
  }
  const newest = present
    ? []
    : await rangeQuery(latestSampleQuery(series), new Date(first), new Date(last), 3600)
  for (const s of newest) {
    for (const [t, v] of s.values)
      seen.set(`${s.metric[CLUSTER_LABEL] ?? ''}@${Math.round(t * 1000)}`, v * 1000)
  }
  const gaps: BoundaryGap[] = []
  for (const at of boundaries) {
    const before = perCluster(await instantQueryIfGap(series, at, seen))
    if (before.size === 0) continue
    const coarse = perCluster(
      await instantQuery(firstSampleAfterQuery(series, at / 1000, '1h:1m'), new Date(at + HOUR_MS)),
    )
    for (const [cluster, t1] of before) {
      // No sample in the hour before, or a recent one: nothing to split.
      if (at - t1 <= GAP_MS) continue
      const c = coarse.get(cluster)
      let after: number | null = null
      if (c !== undefined) {
        const minute = Math.ceil(c / 60_000) * 60_000
        const fine = perCluster(
          await instantQuery(firstSampleAfterQuery(series, at / 1000, '1m:1s'), new Date(minute)),
        )
        after = fine.get(cluster) ?? c
      }
      gaps.push({ cluster, at, before: t1, after })
    }
  }
  return gaps
}

/**
 * The last sample before `at` per cluster, asked only when the cheap look-up found a cluster whose
 * newest sample is missing or older than GAP_MS (or a cluster it did not see at all).
 */
async function instantQueryIfGap(
  series: string,
  at: number,
  seen: Map<string, number>,
): Promise<InstantSample[]> {
  const clusters = [...seen.keys()].filter((k) => k.endsWith(`@${at}`))
  const allRecent = clusters.length > 0 && clusters.every((k) => at - seen.get(k)! <= GAP_MS)
  if (allRecent) {
    // Every cluster seen here was scraped recently; a cluster missing here altogether still needs
    // the longer look-back, which is what the query below does — but only if one existed before.
    const known = new Set([...seen.keys()].map((k) => k.split('@')[0]))
    const here = new Set(clusters.map((k) => k.split('@')[0]))
    if ([...known].every((c) => here.has(c))) return []
  }
  return instantQuery(lastSampleBeforeQuery(series), new Date(at))
}

/**
 * Token samples that move each gap's share to the hour before its boundary: +share in the hour
 * ending at the boundary, −share in the hour starting there (both only if asked for).
 */
export async function gapCorrections(
  metric: string,
  gaps: BoundaryGap[],
  hours: Set<number>,
): Promise<(InstantSample & { hour: number })[]> {
  const out: (InstantSample & { hour: number })[] = []
  for (const g of gaps) {
    if (g.after === null) continue
    const share = shareBefore({ ...g, after: g.after })
    if (share === 0) continue
    const beforeHour = g.at - HOUR_MS
    if (!hours.has(beforeHour) && !hours.has(g.at)) continue
    // Growth across the gap: from the last sample at or before the boundary to the first after.
    const window = Math.max(1, Math.ceil((g.after - g.at) / 1000))
    const grown = await instantQuery(tokenUsageQuery(metric, window), new Date(g.at + window * 1000))
    for (const s of grown) {
      if ((s.metric[CLUSTER_LABEL] ?? '') !== g.cluster) continue
      const moved = s.value * share
      if (!(moved > 0)) continue
      if (hours.has(beforeHour)) out.push({ metric: s.metric, value: moved, hour: beforeHour })
      if (hours.has(g.at)) out.push({ metric: s.metric, value: -moved, hour: g.at })
    }
  }
  return out
}
