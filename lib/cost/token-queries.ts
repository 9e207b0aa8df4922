import { promDuration, TOKEN_GROUPING } from '@/lib/metrics/promql'

/**
 * The roll-up's fast path for hourly token counts.
 *
 * The exact expression (counterDelta in lib/metrics/promql.ts) selects every token series four
 * times (two look-backs, resets(), increase()); on the bench fleet that is most of the roll-up's
 * time, and selecting the series is what costs. Most hours have no reset and no series that starts
 * or stops: their growth is the counter at the hour's end minus the counter at its start. One
 * range query of the plain counter gives every series' value at every hour boundary of a chunk
 * (one selection), one more finds the hours with a reset; the other hours keep the exact
 * expression.
 */

/** Hours (by the step at their end) in which some series was reset: absent when none was. */
export function resetHoursQuery(series: string, window: number): string {
  return `count(resets(${series}[${promDuration(window + 60)}]) > 0)`
}

export interface BoundarySeries {
  metric: Record<string, string>
  /** [unix seconds, counter value] at hour boundaries */
  values: [number, number][]
}

export interface HourlyGrowth {
  /** tokens per hour (start, ms) per ledger grouping, for the hours the fast path covers */
  samples: { metric: Record<string, string>; value: number; hour: number }[]
  /** hours that need the exact expression: a series present at one end only, or a counter that fell */
  exact: Set<number>
}

/**
 * Growth of every series between consecutive hour boundaries, summed by the ledger grouping.
 * An hour goes to `exact` when a series is present at only one of its ends (started, stopped, or
 * not scraped for longer than the server's look-back) or its counter went down (a reset).
 */
export function hourlyGrowth(series: BoundarySeries[], hours: number[]): HourlyGrowth {
  const exact = new Set<number>()
  const sums = new Map<number, Map<string, { metric: Record<string, string>; value: number }>>()
  for (const h of hours) sums.set(h, new Map())
  for (const s of series) {
    const at = new Map(s.values.map(([t, v]) => [Math.round(t * 1000), v]))
    const group: Record<string, string> = {}
    for (const l of TOKEN_GROUPING) if (s.metric[l] !== undefined) group[l] = s.metric[l]
    const key = JSON.stringify(group)
    for (const h of hours) {
      const v0 = at.get(h)
      const v1 = at.get(h + 3600e3)
      if (v0 === undefined && v1 === undefined) continue
      if (v0 === undefined || v1 === undefined || v1 < v0) {
        exact.add(h)
        continue
      }
      const byGroup = sums.get(h)!
      const cur = byGroup.get(key)
      if (cur) cur.value += v1 - v0
      else byGroup.set(key, { metric: group, value: v1 - v0 })
    }
  }
  const samples: HourlyGrowth['samples'] = []
  for (const [h, byGroup] of sums) {
    if (exact.has(h)) continue
    for (const g of byGroup.values()) samples.push({ ...g, hour: h })
  }
  return { samples, exact }
}
