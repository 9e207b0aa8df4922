import { errorBudget } from './burn-rate'

/**
 * Chart series, pure. Budget remaining at each time t is over the SLO window ending at t (a
 * rolling window, as the alerting rules see it): the events in (t − W, t] are the events of the
 * window before the range starts, plus those since, minus those that slid out. Three inputs do it
 * without ever asking Prometheus for more than one point per step:
 *   base   events in (start − W, start]
 *   inc[j] events in (t_j − step, t_j]            t_j = start + j·step, j = 1..n
 *   old[j] events in (t_j − W − step, t_j − W]
 * (history.ts estimates each step's events as the rate over a few steps times the step, so
 * sparse samples do not read as zero; the sums telescope up to that smoothing.)
 */

export interface Counts {
  good: number
  total: number
}

export interface ChartPoint {
  /** unix seconds */
  t: number
  /** share of the budget left over the window ending at t; null without traffic */
  budget: number | null
  /** burn rate per plotted window, null without traffic */
  burns: Record<string, number | null>
}

const nz = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : 0)

export function rollingBudget(
  base: Counts,
  inc: ReadonlyMap<number, Counts>,
  old: ReadonlyMap<number, Counts>,
  times: readonly number[],
  windowSeconds: number,
  objective: number,
): (number | null)[] {
  const budget = errorBudget(objective)
  let good = nz(base.good)
  let total = nz(base.total)
  return times.map((t) => {
    const a = inc.get(t)
    const b = old.get(t - windowSeconds)
    good += nz(a?.good) - nz(b?.good)
    total += nz(a?.total) - nz(b?.total)
    if (!(total > 0)) return null
    const bad = Math.max(0, total - good)
    return 1 - bad / (budget * total)
  })
}

/** The step's grid: start + step, …, up to end (inclusive), in unix seconds. */
export function grid(startSeconds: number, endSeconds: number, step: number): number[] {
  const out: number[] = []
  for (let t = startSeconds + step; t <= endSeconds + 1e-9; t += step) out.push(Math.round(t))
  return out
}

/** Error ratios (from a range query) into burn rates on the grid; missing points stay null. */
export function burnSeries(
  ratios: ReadonlyMap<number, number>,
  times: readonly number[],
  objective: number,
): (number | null)[] {
  const budget = errorBudget(objective)
  return times.map((t) => {
    const r = ratios.get(t)
    return r !== undefined && Number.isFinite(r) ? r / budget : null
  })
}

export function chartPoints(
  times: readonly number[],
  budget: readonly (number | null)[],
  burns: Record<string, readonly (number | null)[]>,
): ChartPoint[] {
  return times.map((t, i) => ({
    t,
    budget: budget[i] ?? null,
    burns: Object.fromEntries(Object.entries(burns).map(([w, s]) => [w, s[i] ?? null])),
  }))
}
