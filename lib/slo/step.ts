/**
 * Range-query steps. Prometheus refuses more than 11,000 points per series
 * (@see https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries), so the step
 * grows with the range; it snaps to a "nice" duration so the buckets line up with burn windows.
 */

export const MAX_POINTS = 11_000

const NICE_STEPS = [
  15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
] as const

/** Points a range query returns: both ends included. */
export function pointCount(rangeSeconds: number, stepSeconds: number): number {
  return Math.floor(rangeSeconds / stepSeconds) + 1
}

/**
 * The smallest nice step giving at most `target` points (default 800: hourly over 30 days),
 * never more than MAX_POINTS.
 */
export function chooseStep(rangeSeconds: number, target = 800): number {
  if (!(rangeSeconds > 0)) throw new Error(`invalid range ${rangeSeconds}s`)
  const want = Math.min(Math.max(2, target), MAX_POINTS)
  for (const s of NICE_STEPS) if (pointCount(rangeSeconds, s) <= want) return s
  // Beyond the table (ranges of years): any whole-second step under the limit.
  return Math.ceil(rangeSeconds / (want - 1))
}
