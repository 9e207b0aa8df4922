/**
 * Burn-rate windows and the multi-window multi-burn-rate alert table (SRE Workbook ch. 5, Sloth's
 * 30-day table). Pure: shared by the pages, the PrometheusRule export and the tests.
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 */

export const SLO_WINDOW_DAYS = [28, 30] as const
export type SloWindowDays = (typeof SLO_WINDOW_DAYS)[number]

/** The burn windows the console computes and exports, in seconds. */
export const BURN_WINDOWS = {
  '5m': 300,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '6h': 21_600,
  '1d': 86_400,
  '3d': 259_200,
} as const
export type BurnWindow = keyof typeof BURN_WINDOWS
export const BURN_WINDOW_NAMES = Object.keys(BURN_WINDOWS) as BurnWindow[]

export type Severity = 'page' | 'ticket'

export interface AlertCondition {
  severity: Severity
  /** The window whose burn sets the alert; the short one confirms it is still happening. */
  long: BurnWindow
  short: BurnWindow
  /** Share of the whole window's error budget this condition lets burn over `long`. */
  budgetShare: number
  factor: number
}

/** Budget shares of the four conditions (the 30-day table is 2% / 5% / 10% / 10%). */
const TABLE: readonly Omit<AlertCondition, 'factor'>[] = [
  { severity: 'page', long: '1h', short: '5m', budgetShare: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetShare: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetShare: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetShare: 0.1 },
]

/**
 * Factor = budget share × SLO period hours / long-window hours, rounded to 2 decimals:
 * 30 days → 14.4 / 6 / 3 / 1; 28 days → 13.44 / 5.6 / 2.8 / 0.93.
 */
export function burnFactor(budgetShare: number, windowDays: number, long: BurnWindow): number {
  const raw = (budgetShare * windowDays * 24) / (BURN_WINDOWS[long] / 3600)
  return Math.round(raw * 100) / 100
}

export function alertConditions(windowDays: number): AlertCondition[] {
  return TABLE.map((c) => ({ ...c, factor: burnFactor(c.budgetShare, windowDays, c.long) }))
}

export function windowSeconds(windowDays: number): number {
  return windowDays * 86_400
}

/** The page factors the plotted burn windows are compared with, one line per factor. */
export function pageThresholds(
  windows: readonly BurnWindow[],
  windowDays: number,
): { window: string; factor: number }[] {
  const page = alertConditions(windowDays).filter((c) => c.severity === 'page')
  const byFactor = new Map<number, string[]>()
  for (const w of windows) {
    const c = page.find((x) => x.long === w || x.short === w)
    if (c) byFactor.set(c.factor, [...(byFactor.get(c.factor) ?? []), w])
  }
  return [...byFactor].map(([factor, ws]) => ({ window: ws.join(', '), factor }))
}
