import { HOUR_MS, addMonths, startOfMonth } from './periods'

/** Month-end forecast and budget states. Pure. */

export interface ForecastInput {
  now: Date
  /** spend from the start of the month to `now` */
  monthToDate: number
  /** spend over the run-rate window (the last `windowHours` hours before `now`) */
  recentSpend: number
  /** hours the recent spend covers (capped at the hours since the month began) */
  windowHours: number
}

/**
 * Month-to-date plus the recent hourly run rate over the hours left in the month. The run rate
 * comes from the last seven days (or the month so far, if shorter), so a spike fades out of the
 * forecast within a week.
 */
export function monthEndForecast(i: ForecastInput): number {
  const end = addMonths(startOfMonth(i.now), 1).getTime()
  const left = Math.max(0, (end - i.now.getTime()) / HOUR_MS)
  const rate = i.windowHours > 0 ? i.recentSpend / i.windowHours : 0
  return i.monthToDate + rate * left
}

/** Run-rate window: 7 days, or the hours since the month began when fewer. */
export function runRateWindowHours(now: Date): number {
  const since = (now.getTime() - startOfMonth(now).getTime()) / HOUR_MS
  return Math.max(0, Math.min(7 * 24, Math.floor(since)))
}

export type BudgetState = 'none' | 'ok' | 'warning' | 'exceeded'

/**
 * exceeded: month-to-date ≥ budget; warning: month-to-date ≥ warnAt × budget, or the forecast
 * reaches the budget; ok otherwise; none without a budget.
 */
export function budgetState(
  monthToDate: number,
  forecast: number,
  budget: number | null,
  warnAt = 0.8,
): BudgetState {
  if (budget === null || !(budget > 0)) return 'none'
  if (monthToDate >= budget) return 'exceeded'
  if (monthToDate >= warnAt * budget || forecast >= budget) return 'warning'
  return 'ok'
}
