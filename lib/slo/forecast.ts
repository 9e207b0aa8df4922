import { alertConditions, BURN_WINDOWS, windowSeconds } from './windows'

/**
 * When the error budget runs out if the current burn continues. At burn rate b the budget drains
 * b / (SLO window) per second, so `remaining` (a share of the budget) lasts remaining × window / b.
 * Null when the budget is not draining (b ≤ 0 or unknown); 0 when already spent.
 */
export function secondsToExhaustion(remaining: number, burn: number, windowDays: number): number | null {
  if (!Number.isFinite(remaining) || !Number.isFinite(burn) || burn <= 0) return null
  if (remaining <= 0) return 0
  return (remaining * windowSeconds(windowDays)) / burn
}

export function exhaustionAt(now: Date, remaining: number, burn: number, windowDays: number): Date | null {
  const s = secondsToExhaustion(remaining, burn, windowDays)
  return s === null ? null : new Date(now.getTime() + s * 1000)
}

/**
 * How long after a step change to a constant burn rate `burn` the page alert fires: a window of
 * length W reaches average burn b·t/W after t, so each condition needs t ≥ W·factor / burn in both
 * its windows (the longer decides). Null when the burn never reaches any page factor.
 *
 * `historySeconds` is how much good-only history the SLI's series had at the step (default: more
 * than any window). A window longer than the series averages only what exists — rate() over a
 * range extrapolates the samples it has — so it reaches b·t/(H+t) ≥ f after t = f·H/(b − f),
 * which is sooner: a new SLI (a golden set probed for minutes) pages faster than a full window.
 */
export function secondsToPage(burn: number, windowDays: number, historySeconds = Infinity): number | null {
  let best: number | null = null
  for (const c of alertConditions(windowDays)) {
    if (c.severity !== 'page' || !(burn > c.factor)) continue
    const t = Math.max(
      secondsToWindowAverage(BURN_WINDOWS[c.long], c.factor, burn, historySeconds),
      secondsToWindowAverage(BURN_WINDOWS[c.short], c.factor, burn, historySeconds),
    )
    best = best === null ? t : Math.min(best, t)
  }
  return best
}

/** When a window of `w` seconds over a series with `h` seconds of history averages `factor` (burn > factor). */
function secondsToWindowAverage(w: number, factor: number, burn: number, h: number): number {
  const full = (w * factor) / burn
  // The average b·t / min(w, h + t) grows with t; it reaches the factor before the window is
  // full exactly when it has by the moment the window fills (t = w − h).
  if (h < w && (burn * (w - h)) / w >= factor) return (factor * h) / (burn - factor)
  return full
}

/**
 * After the errors stop, how long until the 5m window's burn falls below the first page factor
 * (the short window resets the page): the window must slide past the bad samples, so at most
 * 5 minutes, sooner when burn × remaining share ≤ factor.
 */
export function secondsToShortWindowRecovery(burn: number, windowDays: number): number {
  const c = alertConditions(windowDays)[0]!
  const w = BURN_WINDOWS[c.short]
  if (!(burn > c.factor)) return 0
  return w * (1 - c.factor / burn)
}
