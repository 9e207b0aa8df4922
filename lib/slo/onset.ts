/**
 * When did the current burn begin? From a burn-rate series (short window, fine step): the start of
 * the latest run of points above `threshold`, bridging up to `maxGapPoints` points below it (or
 * missing) so one quiet scrape does not split an incident. Null when nothing was ever above.
 */
export function burnOnset(
  series: readonly (readonly [number, number])[],
  threshold: number,
  maxGapPoints = 2,
): Date | null {
  let i = series.length - 1
  while (i >= 0 && !(series[i]![1] > threshold)) i--
  if (i < 0) return null
  let start = i
  let gap = 0
  for (let j = i - 1; j >= 0; j--) {
    if (series[j]![1] > threshold) {
      start = j
      gap = 0
    } else if (++gap > maxGapPoints) break
  }
  return new Date(series[start]![0] * 1000)
}
