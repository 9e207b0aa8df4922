import { RANGES, costParamsSchema, type Dimension } from '@/lib/validations/cost-query'
import { DAY_MS, addMonths, parseDay, startOfDay, startOfMonth, type Grain } from './periods'

/** The Costs page's filters, from URL search params (also used by the CSV export). Pure. */

export interface CostQuery {
  /** inclusive start, 00:00 UTC */
  from: Date
  /** exclusive end, 00:00 UTC */
  to: Date
  range: (typeof RANGES)[number] | 'custom'
  grain: Grain
  by: Dimension
  team?: string
  model?: string
  route?: string
  cluster?: string
}

export function parseCostQuery(
  sp: Record<string, string | string[] | undefined>,
  now = new Date(),
): CostQuery {
  const flat = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))
  const p = costParamsSchema.parse(flat)
  const tomorrow = new Date(startOfDay(now).getTime() + DAY_MS)
  let from: Date
  let to = tomorrow
  const f = parseDay(p.from)
  const t = parseDay(p.to)
  let range: CostQuery['range'] = p.range
  if (f && t && f.getTime() <= t.getTime() && t.getTime() - f.getTime() <= 400 * DAY_MS) {
    from = f
    to = new Date(t.getTime() + DAY_MS)
    range = 'custom'
  } else if (p.range === 'mtd') {
    from = startOfMonth(now)
  } else if (p.range === 'last-month') {
    from = addMonths(startOfMonth(now), -1)
    to = startOfMonth(now)
  } else {
    from = new Date(tomorrow.getTime() - Number(p.range.replace('d', '')) * DAY_MS)
  }
  const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined)
  return {
    from,
    to,
    range,
    grain: p.grain,
    by: p.by,
    team: clean(p.team),
    model: clean(p.model),
    route: clean(p.route),
    cluster: clean(p.cluster),
  }
}

/** The next dimension of a drill-down: team → model → route. */
export function nextDimension(d: Dimension): Dimension {
  return d === 'team' ? 'model' : 'route'
}

/** Search params for a query (for links), dropping defaults. */
export function costQueryParams(q: Partial<CostQuery> & { from?: Date; to?: Date }): URLSearchParams {
  const sp = new URLSearchParams()
  if (q.from && q.to) {
    sp.set('from', q.from.toISOString().slice(0, 10))
    sp.set('to', new Date(q.to.getTime() - DAY_MS).toISOString().slice(0, 10))
  } else if (q.range && q.range !== 'custom') sp.set('range', q.range)
  if (q.grain && q.grain !== 'day') sp.set('grain', q.grain)
  if (q.by && q.by !== 'team') sp.set('by', q.by)
  for (const k of ['team', 'model', 'route', 'cluster'] as const) if (q[k]) sp.set(k, q[k] as string)
  return sp
}
