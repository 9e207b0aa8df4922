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
