/** UTC calendar arithmetic for reports. Pure. */

export type Grain = 'day' | 'week' | 'month'

export const HOUR_MS = 3600e3
export const DAY_MS = 24 * HOUR_MS

export function startOfHour(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS)
}

export function startOfDay(d: Date): Date {
  return new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS)
}

export function startOfMonth(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1))
}

export function addMonths(d: Date, n: number): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1))
}

/** ISO week: weeks start on Monday. */
export function startOfWeek(d: Date): Date {
  const day = startOfDay(d)
  const dow = (day.getUTCDay() + 6) % 7
  return new Date(day.getTime() - dow * DAY_MS)
}

export function bucketStart(d: Date, grain: Grain): Date {
  return grain === 'day' ? startOfDay(d) : grain === 'week' ? startOfWeek(d) : startOfMonth(d)
}

export function bucketLabel(d: Date, grain: Grain): string {
  const iso = d.toISOString()
  return grain === 'month' ? iso.slice(0, 7) : grain === 'week' ? `wk ${iso.slice(0, 10)}` : iso.slice(0, 10)
}

/** Parses "YYYY-MM-DD" as 00:00 UTC, or null. */
export function parseDay(s: string | undefined | null): Date | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null
  const d = new Date(`${s}T00:00:00Z`)
  return Number.isNaN(d.getTime()) ? null : d
}

export function daysInMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
}
