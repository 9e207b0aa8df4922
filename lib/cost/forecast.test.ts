import { describe, expect, it } from 'vitest'
import { budgetState, monthEndForecast, runRateWindowHours } from './forecast'
import { bucketLabel, bucketStart, daysInMonth, parseDay, startOfWeek } from './periods'

describe('monthEndForecast', () => {
  it('adds the recent hourly run rate over the hours left in the month', () => {
    // 2026-11-20 12:00Z: 10.5 days (252 h) left in November
    const now = new Date('2026-11-20T12:00:00Z')
    // micro-units: 1,234.56 month to date, 840 over the last week
    const f = monthEndForecast({
      now,
      monthToDate: 1_234_560_000,
      recentSpend: 840_000_000,
      windowHours: 168,
    })
    // 1234.56 + 5/h × 252 h
    expect(Math.round(f)).toBe(2_494_560_000)
  })
  it('is the month-to-date at the very end of the month', () => {
    const now = new Date('2026-12-01T00:00:00Z')
    expect(monthEndForecast({ now, monthToDate: 99_990_000, recentSpend: 0, windowHours: 0 })).toBe(
      99_990_000,
    )
  })
  it('uses the hours since the month began when shorter than a week', () => {
    expect(runRateWindowHours(new Date('2026-11-03T06:30:00Z'))).toBe(54)
    expect(runRateWindowHours(new Date('2026-11-20T06:30:00Z'))).toBe(168)
    expect(runRateWindowHours(new Date('2026-11-01T00:00:00Z'))).toBe(0)
  })
  it('handles a 31-day month to the cent', () => {
    const now = new Date('2026-12-10T00:00:00Z')
    // 22 days = 528 h left; rate 1.2345/h
    const f = monthEndForecast({
      now,
      monthToDate: 300_000_000,
      recentSpend: 1_234_500 * 168,
      windowHours: 168,
    })
    expect(Math.round(f)).toBe(951_816_000)
  })
})

describe('budgetState', () => {
  it('is none without a budget', () => {
    expect(budgetState(100, 200, null)).toBe('none')
    expect(budgetState(100, 200, 0)).toBe('none')
  })
  it('is exceeded once month-to-date reaches the budget', () => {
    expect(budgetState(1000, 1000, 1000)).toBe('exceeded')
  })
  it('warns at the warning share or when the forecast reaches the budget', () => {
    expect(budgetState(800, 900, 1000)).toBe('warning')
    expect(budgetState(100, 1000, 1000)).toBe('warning')
    expect(budgetState(100, 999.99, 1000)).toBe('ok')
    expect(budgetState(500, 600, 1000, 0.5)).toBe('warning')
  })
})

describe('periods', () => {
  it('starts weeks on Monday (ISO) and months on the 1st, in UTC', () => {
    expect(startOfWeek(new Date('2026-11-29T23:00:00Z')).toISOString()).toBe('2026-11-23T00:00:00.000Z')
    expect(bucketStart(new Date('2026-11-29T23:00:00Z'), 'month').toISOString()).toBe(
      '2026-11-01T00:00:00.000Z',
    )
    expect(bucketLabel(new Date('2026-11-01T00:00:00Z'), 'month')).toBe('2026-11')
    expect(daysInMonth(new Date('2028-02-10T00:00:00Z'))).toBe(29)
  })
  it('parses only calendar dates', () => {
    expect(parseDay('2026-11-05')?.toISOString()).toBe('2026-11-05T00:00:00.000Z')
    expect(parseDay('2026-13-05')).toBeNull()
    expect(parseDay('tomorrow')).toBeNull()
  })
})
