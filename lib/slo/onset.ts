import type { BurnChart } from './history'
import type { SloStatus } from './status'
import { alertConditions } from './windows'

/**
 * When did the current burn begin? From a burn-rate series (short window, fine step): the start of
 * the latest run of points above `threshold`, bridging up to `maxGapPoints` points below it (or
 * missing) so one quiet scrape does not split an incident; then earlier while above `floor`.
 * Null when nothing was ever above `threshold`.
 */
export function burnOnset(
  series: readonly (readonly [number, number])[],
  threshold: number,
  maxGapPoints = 2,
  floor = threshold,
): Date | null {
  let i = series.length - 1
  while (i >= 0 && !(series[i]![1] > threshold)) i--
  if (i < 0) return null
  const back = (from: number, level: number) => {
    let start = from
    let gap = 0
    for (let j = from - 1; j >= 0; j--) {
      if (series[j]![1] > level) {
        start = j
        gap = 0
      } else if (++gap > maxGapPoints) break
    }
    return start
  }
  // Find the run above the alert threshold, then follow it back while the burn stayed above
  // `floor` (e.g. 1: spending faster than sustainable), where the degradation really began.
  let start = back(i, threshold)
  if (floor < threshold) start = back(start, floor)
  return new Date(series[start]![0] * 1000)
}

/** The burn's onset: the 5m burn's latest run above the lowest firing factor, followed back to burn 1. */
export function onsetOf(chart: BurnChart, status: SloStatus, windowDays: number): Date | null {
  const w = chart.windows[0]!
  const series = chart.points.map((p) => [p.t, p.burns[w] ?? Number.NaN] as const)
  // The chart's grid stops at the last whole step; the status is for now. A burn that crossed the
  // factor since then is only in the status, so it is the series' last point.
  const now = Date.parse(status.at) / 1000
  const current = status.burns[w]
  if (current !== null && current !== undefined && now > (series.at(-1)?.[0] ?? -Infinity))
    series.push([now, current])
  const factors = status.firing.map((f) => f.factor)
  const threshold = factors.length > 0 ? Math.min(...factors) : alertConditions(windowDays).at(-1)!.factor
  return burnOnset(series, threshold, 2, Math.min(1, threshold))
}
