import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatAge } from '@/lib/format/age'

const S = 1000
const M = 60 * S
const H = 60 * M
const D = 24 * H

describe('formatAge', () => {
  it.each([
    [0, '0s'],
    [4 * S, '4s'],
    [59 * S, '59s'],
    [60 * S, '1m'],
    [3 * M, '3m'],
    [59 * M + 29 * S, '59m'],
    [H, '1h'],
    [2 * H + 5 * M, '2h 5m'],
    [2 * H + 5 * M + 20 * S, '2h 5m'],
    [23 * H + 59 * M, '23h 59m'],
    [D, '1d'],
    [3 * D + 23 * H, '3d'],
    [400 * D, '400d'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text)
  })

  it('rounds to the nearest second, carrying into the next unit', () => {
    expect(formatAge(499)).toBe('0s')
    expect(formatAge(500)).toBe('1s')
    expect(formatAge(59_499)).toBe('59s')
    expect(formatAge(59_500)).toBe('1m')
    expect(formatAge(H - 1)).toBe('1h')
  })

  it('shows 0s for a timestamp slightly in the future (clock skew)', () => {
    expect(formatAge(-1)).toBe('0s')
    expect(formatAge(-5 * M)).toBe('0s')
  })

  it('always renders a short chip: one unit, or hours and minutes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -D, max: 10_000 * D }), (ms) => {
        expect(formatAge(ms)).toMatch(/^(\d+s|\d+m|\d+h( \d+m)?|\d+d)$/)
      }),
    )
  })

  it('never goes down as time passes', () => {
    const toSeconds = (t: string) => {
      const [, a, u, b] = /^(\d+)([smhd])(?: (\d+)m)?$/.exec(t)!
      const unit = { s: 1, m: 60, h: 3600, d: 86400 }[u as 's' | 'm' | 'h' | 'd']
      return Number(a) * unit + Number(b ?? 0) * 60
    }
    fc.assert(
      fc.property(fc.nat(100 * D), fc.nat(100 * D), (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x]
        expect(toSeconds(formatAge(lo))).toBeLessThanOrEqual(toSeconds(formatAge(hi)))
      }),
    )
  })

  // Callers pass `Date.now() - <parsed timestamp>` (ageOf, the data-age chips); an unparsable or
  // missing timestamp gives NaN and the page reads "NaNd ago" (every comparison with NaN is false).
  // Expected: some non-NaN text.
  it('does not render "NaN" for an unparsable timestamp', () => {
    expect(formatAge(Date.now() - Date.parse('not a date'))).not.toMatch(/NaN/)
  })
})
