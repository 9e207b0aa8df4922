import { describe, expect, it } from 'vitest'
import { exhaustionAt, secondsToExhaustion, secondsToPage, secondsToShortWindowRecovery } from './forecast'
import { chooseStep, MAX_POINTS, pointCount } from './step'

describe('budget-exhaustion forecast', () => {
  it('at burn 1 a full budget lasts the SLO window', () => {
    expect(secondsToExhaustion(1, 1, 30)).toBe(30 * 86_400)
  })
  it('at burn 14.4, half a 30-day budget lasts 25 hours', () => {
    expect(secondsToExhaustion(0.5, 14.4, 30)! / 3600).toBeCloseTo(25, 9)
  })
  it('is null when not burning and 0 when already spent', () => {
    expect(secondsToExhaustion(0.5, 0, 30)).toBeNull()
    expect(secondsToExhaustion(0.5, Number.NaN, 30)).toBeNull()
    expect(secondsToExhaustion(-0.2, 3, 30)).toBe(0)
  })
  it('gives a date', () => {
    const now = new Date('2026-11-20T00:00:00Z')
    expect(exhaustionAt(now, 1, 30, 30)?.toISOString()).toBe('2026-11-21T00:00:00.000Z')
  })
})

describe('time to page after a step change to a constant burn', () => {
  it('a 10× burn never pages on a 30-day window (below 14.4) but pages through 6h/30m after 3.6h', () => {
    expect(secondsToPage(10, 30)).toBeCloseTo(6 * 3600 * 0.6, 6)
  })
  it('a 144× burn pages after 6 minutes (1h window reaches 14.4)', () => {
    expect(secondsToPage(144, 30)).toBeCloseTo(360, 6)
  })
  it('an SLI with only minutes of history pages sooner: its long windows average what exists', () => {
    // 500× with 100 s of good history: 1h and 6h both average 500·t/(100+t); 6h & 30m needs
    // that ≥ 6 (t = 600/494 ≈ 1.21 s), sooner than 1h & 5m (≥ 14.4: t ≈ 2.97 s).
    expect(secondsToPage(500, 30, 100)).toBeCloseTo((6 * 100) / (500 - 6), 6)
    // With a full hour behind it the 1h window decides as without history: 3600·14.4/500.
    expect(secondsToPage(500, 30, 7 * 3600)).toBeCloseTo((3600 * 14.4) / 500, 6)
    // 20× with 50 min of history: the 1h window fills before it averages 14.4 (then a full window:
    // 2592 s), while the still-filling 6h window averages 6 after 6·3000/14 ≈ 1286 s.
    expect(secondsToPage(20, 30, 3000)).toBeCloseTo((6 * 3000) / 14, 6)
  })
  it('never pages below the lowest page factor', () => {
    expect(secondsToPage(5, 30)).toBeNull()
  })
  it('the short window recovers within 5 minutes of the errors stopping', () => {
    expect(secondsToShortWindowRecovery(144, 30)).toBeCloseTo(270, 6)
    expect(secondsToShortWindowRecovery(10, 30)).toBe(0)
  })
})

describe('range-query step', () => {
  it('keeps 30 days at one point per hour', () => {
    expect(chooseStep(30 * 86_400)).toBe(3600)
    expect(pointCount(30 * 86_400, 3600)).toBe(721)
  })
  it('never exceeds the 11,000-points limit, even when asked for more', () => {
    for (const range of [60, 3600, 86_400, 30 * 86_400, 365 * 86_400, 10 * 365 * 86_400]) {
      const step = chooseStep(range, 50_000)
      expect(pointCount(range, step)).toBeLessThanOrEqual(MAX_POINTS)
    }
  })
  it('uses fine steps for short ranges', () => {
    expect(chooseStep(6 * 3600, 400)).toBe(60)
    expect(chooseStep(3600)).toBe(15)
  })
})
