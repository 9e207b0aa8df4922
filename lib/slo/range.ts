/** The burn chart's time ranges, as they appear in the URL (?range=7d). Pure. */

export const RANGES = {
  '1h': 3600,
  '6h': 21_600,
  '1d': 86_400,
  '7d': 604_800,
  '28d': 2_419_200,
  '30d': 2_592_000,
} as const
export type RangeKey = keyof typeof RANGES

export function parseRange(v: unknown, windowDays: number): RangeKey {
  if (typeof v === 'string' && v in RANGES) return v as RangeKey
  return windowDays === 28 ? '28d' : '30d'
}

/** Optional end of the range (?end=ISO), for looking at a past incident; never in the future. */
export function parseEnd(v: unknown, now = new Date()): Date {
  if (typeof v !== 'string') return now
  const t = Date.parse(v)
  return Number.isFinite(t) && t < now.getTime() ? new Date(t) : now
}
