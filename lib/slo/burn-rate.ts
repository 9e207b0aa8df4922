import { alertConditions, BURN_WINDOW_NAMES, type AlertCondition, type BurnWindow } from './windows'

/**
 * SLO arithmetic (../shared REFERENCE.md "SLO math"). Ratios are 0..1; NaN means "no traffic in the
 * window", which never fires an alert (as in Prometheus, where NaN > x is false).
 */

export type SloState = 'page' | 'ticket' | 'ok' | 'no_data'

/** Error budget = 1 − objective (e.g. 0.995 → 0.005). */
export function errorBudget(objective: number): number {
  if (!(objective > 0 && objective < 1)) throw new Error(`objective must be in (0, 1), got ${objective}`)
  return 1 - objective
}

/** Burn rate = error ratio over a window / error budget; 1 spends exactly the budget over the SLO window. */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / errorBudget(objective)
}

/** Error ratio from counts: bad / total, NaN without traffic. */
export function errorRatio(good: number, total: number): number {
  if (!(total > 0)) return Number.NaN
  return Math.min(1, Math.max(0, (total - good) / total))
}

/**
 * Budget remaining = 1 − errors / (budget × total) over the SLO window: 1 untouched, 0 spent,
 * negative overspent. NaN without traffic.
 */
export function budgetRemaining(good: number, total: number, objective: number): number {
  if (!(total > 0)) return Number.NaN
  return 1 - (total - good) / (errorBudget(objective) * total)
}

/** Budget remaining from the window's error ratio (what the page's instant query returns). */
export function budgetRemainingFromRatio(ratio: number, objective: number): number {
  return 1 - ratio / errorBudget(objective)
}

export type BurnRates = Partial<Record<BurnWindow, number>>

export interface StateResult {
  state: SloState
  /** The conditions that hold (both windows above the factor). */
  firing: AlertCondition[]
}

const above = (v: number | undefined, factor: number) => v !== undefined && Number.isFinite(v) && v > factor

/**
 * Multi-window multi-burn-rate state: page if 1h & 5m > f1 or 6h & 30m > f2; ticket if 1d & 2h > f3
 * or 3d & 6h > f4; ok otherwise; no_data when no window has traffic.
 */
export function sloState(burns: BurnRates, windowDays: number): StateResult {
  const firing = alertConditions(windowDays).filter(
    (c) => above(burns[c.long], c.factor) && above(burns[c.short], c.factor),
  )
  if (firing.some((c) => c.severity === 'page')) return { state: 'page', firing }
  if (firing.length > 0) return { state: 'ticket', firing }
  const any = BURN_WINDOW_NAMES.some((w) => Number.isFinite(burns[w]))
  return { state: any ? 'ok' : 'no_data', firing }
}

export const STATE_RANK: Record<SloState, number> = { page: 3, ticket: 2, ok: 1, no_data: 0 }

/** The worse of two states (page > ticket > ok > no data). */
export function worstState(a: SloState, b: SloState): SloState {
  return STATE_RANK[a] >= STATE_RANK[b] ? a : b
}
