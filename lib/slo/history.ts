import 'server-only'
import { instantQuery, rangeQuery } from '@/lib/metrics/prometheus'
import { errorRatioQuery, incrementQueries, incrementSpan, sliQueries, withWindow } from './sli'
import { burnSeries, chartPoints, grid, rollingBudget, type ChartPoint, type Counts } from './series'
import { chooseStep } from './step'
import type { SloDefinition } from './types'
import { BURN_WINDOWS, windowSeconds, type BurnWindow } from './windows'

export interface BurnChart {
  start: number
  end: number
  step: number
  /** Burn windows plotted, short first. */
  windows: BurnWindow[]
  points: ChartPoint[]
}

/** Plotted burn windows: the short pair when the step allows it, else the page alerts' long windows. */
export function chartWindows(step: number): BurnWindow[] {
  return step <= 60 ? ['5m', '1h'] : ['1h', '6h']
}

const tag = (expr: string, k: string) => `label_replace(${expr}, "k", "${k}", "", "")`

function toCounts(
  series: { metric: Record<string, string>; values: [number, number][] }[],
): Map<number, Counts> {
  const out = new Map<number, Counts>()
  for (const s of series) {
    const k = s.metric.k === 'good' ? 'good' : 'total'
    for (const [t, v] of s.values) {
      const c = out.get(t) ?? { good: 0, total: 0 }
      c[k] = v
      out.set(t, c)
    }
  }
  return out
}

/**
 * Budget remaining over the SLO window and burn rates over time, from 4 parallel queries whose
 * point counts stay within Prometheus' 11,000-points limit (see series.ts for the algebra).
 */
export async function burnChart(
  slo: SloDefinition,
  range: { start: Date; end: Date },
  target = 800,
): Promise<BurnChart> {
  const q = sliQueries(slo)
  const W = windowSeconds(slo.windowDays)
  const end = Math.floor(range.end.getTime() / 1000)
  const span = Math.max(60, end - Math.floor(range.start.getTime() / 1000))
  const step = chooseStep(span, target)
  // Align to the step so the "old" grid (t − W) lands on the same phase as the current one.
  const alignedEnd = Math.floor(end / step) * step
  const start = alignedEnd - Math.ceil(span / step) * step
  const times = grid(start, alignedEnd, step)
  const inc = incrementQueries(q, step, incrementSpan(step))
  const both = `${tag(inc.good, 'good')} or ${tag(inc.total, 'total')}`
  const baseExpr =
    `${tag(`sum(${withWindow(q.good, W)}) * ${W}`, 'good')} or ` +
    `${tag(`sum(${withWindow(q.total, W)}) * ${W}`, 'total')}`
  const windows = chartWindows(step)
  const burnExpr = windows
    .map((w) => `label_replace(${errorRatioQuery(q, BURN_WINDOWS[w])}, "w", "${w}", "", "")`)
    .join(' or ')
  const d = (s: number) => new Date(s * 1000)
  const [cur, old, base, burns] = await Promise.all([
    rangeQuery(both, d(start + step), d(alignedEnd), step),
    rangeQuery(both, d(start + step - W), d(alignedEnd - W), step),
    instantQuery(baseExpr, d(start)),
    rangeQuery(burnExpr, d(start + step), d(alignedEnd), step),
  ])
  const baseCounts: Counts = { good: 0, total: 0 }
  for (const s of base) baseCounts[s.metric.k === 'good' ? 'good' : 'total'] = s.value
  const budget = rollingBudget(baseCounts, toCounts(cur), toCounts(old), times, W, slo.objective)
  const burnByWindow: Record<string, (number | null)[]> = {}
  for (const w of windows) {
    const s = burns.find((x) => x.metric.w === w)
    burnByWindow[w] = burnSeries(new Map(s?.values ?? []), times, slo.objective)
  }
  return { start, end: alignedEnd, step, windows, points: chartPoints(times, budget, burnByWindow) }
}
