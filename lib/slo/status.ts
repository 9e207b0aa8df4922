import { budgetRemainingFromRatio, errorBudget, sloState, type BurnRates, type SloState } from './burn-rate'
import { exhaustionAt } from './forecast'
import { FRESH_SECONDS } from './sli'
import type { SloDefinition } from './types'
import { BURN_WINDOW_NAMES, type BurnWindow, type Severity } from './windows'

/** One SLO's numbers at one moment, as the pages show them. Plain data (crosses to the client). */
export interface SloStatus {
  id: string
  /** ISO time the numbers are for. */
  at: string
  state: SloState
  /** Burn rate per window; null without traffic in that window. */
  burns: Record<BurnWindow, number | null>
  /** Error ratio over the whole SLO window. */
  windowErrorRatio: number | null
  budgetRemaining: number | null
  /** The burn the forecast uses: the 1h window (5m is too noisy to extrapolate). */
  currentBurn: number | null
  /** ISO time the budget runs out at the current burn; null when not draining. */
  exhaustion: string | null
  firing: { severity: Severity; long: BurnWindow; short: BurnWindow; factor: number }[]
  /** Why the numbers are missing (Prometheus down, query refused), as a sentence. */
  error: string | null
  /**
   * ISO time the SLI's events stopped arriving (about; to the minute), when they stopped: the state
   * is then no_data whatever the longer windows still hold. Null when events arrive or were never seen.
   */
  noDataSince: string | null
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null)

/**
 * Pure: the status from per-window error ratios (what the batched instant queries return).
 * `ratios` keys are burn windows plus 'window' for the whole SLO window.
 */
export function statusFromRatios(
  slo: Pick<SloDefinition, 'id' | 'objective' | 'windowDays'>,
  ratios: Partial<Record<BurnWindow | 'window' | 'fresh' | 'lastSeen', number>>,
  now: Date,
  error: string | null = null,
): SloStatus {
  // fresh = -1: checked, and no event arrived in the freshness window (evaluate.ts).
  const stopped = !error && ratios.fresh === -1
  const lastSeen = finite(ratios.lastSeen)
  const budget = errorBudget(slo.objective)
  const burnRates: BurnRates = {}
  const burns = {} as Record<BurnWindow, number | null>
  for (const w of BURN_WINDOW_NAMES) {
    const r = finite(ratios[w])
    burns[w] = r === null ? null : r / budget
    if (r !== null) burnRates[w] = r / budget
  }
  const windowRatio = finite(ratios.window)
  const remaining = windowRatio === null ? null : budgetRemainingFromRatio(windowRatio, slo.objective)
  const { state, firing } = sloState(burnRates, slo.windowDays)
  const currentBurn = burns['1h']
  const at =
    remaining !== null && currentBurn !== null
      ? exhaustionAt(now, remaining, currentBurn, slo.windowDays)
      : null
  return {
    id: slo.id,
    at: now.toISOString(),
    // Events that stopped are no evidence of health: never "ok" (nor a page) on old windows.
    state: stopped ? 'no_data' : state,
    burns,
    windowErrorRatio: windowRatio,
    budgetRemaining: remaining,
    currentBurn,
    exhaustion: at?.toISOString() ?? null,
    firing: stopped
      ? []
      : firing.map(({ severity, long, short, factor }) => ({ severity, long, short, factor })),
    error,
    // The check holds until the last event leaves its window: the last one came about that long before.
    noDataSince:
      stopped && lastSeen !== null ? new Date((lastSeen - FRESH_SECONDS) * 1000).toISOString() : null,
  }
}

/** Budget at risk: how much of the remaining budget the current burn spends in the next day. */
export function budgetAtRisk(s: SloStatus, windowDays: number): number {
  if (s.currentBurn === null || s.currentBurn <= 0) return 0
  return Math.min(Math.max(s.budgetRemaining ?? 1, 0), s.currentBurn / windowDays)
}
