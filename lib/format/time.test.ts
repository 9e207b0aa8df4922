import { describe, expect, it } from 'vitest'
import { absoluteTime, relativeTime } from './time'

const now = Date.parse('2026-12-05T12:00:00Z')

describe('relativeTime', () => {
  it('says past instants with "ago" and future ones with "in"', () => {
    expect(relativeTime(now - 3 * 60_000, now)).toBe('3 min ago')
    expect(relativeTime(now + 14 * 3_600_000, now)).toBe('in 14 h')
    expect(relativeTime(now - 20_000, now)).toBe('20 s ago')
    expect(relativeTime(now + 3 * 86_400_000, now)).toBe('in 3 d')
  })
  it('calls a few seconds either way "just now"', () => {
    expect(relativeTime(now + 2_000, now)).toBe('just now')
    expect(relativeTime(now - 4_999, now)).toBe('just now')
  })
  it('takes ISO strings and Dates, and says unknown for garbage', () => {
    expect(relativeTime('2026-12-06T02:52:32.866Z', now)).toBe('in 15 h')
    expect(relativeTime(new Date(now - 7_200_000), now)).toBe('2 h ago')
    expect(relativeTime('not a date', now)).toBe('unknown')
    expect(relativeTime(null, now)).toBe('unknown')
  })
  it('switches units where a person would', () => {
    expect(relativeTime(now - 89 * 60_000, now)).toBe('89 min ago')
    expect(relativeTime(now - 91 * 60_000, now)).toBe('2 h ago')
    expect(relativeTime(now - 35 * 3_600_000, now)).toBe('35 h ago')
    expect(relativeTime(now - 37 * 3_600_000, now)).toBe('2 d ago')
  })
})

describe('absoluteTime', () => {
  it('writes the instant to the second with its zone', () => {
    expect(absoluteTime('2026-12-06T02:52:32.866Z')).toBe('2026-12-06 02:52:32 UTC')
    expect(absoluteTime('2026-12-06T02:52:32Z', 'Europe/Berlin')).toMatch(
      /^2026-12-06 03:52:32 (GMT\+1|CET)$/,
    )
    expect(absoluteTime('nope')).toBe('unknown')
  })

  it('keeps each zone apart when zones alternate (one formatter per zone, reused)', () => {
    const at = '2026-07-01T12:00:00Z'
    const zones = ['UTC', 'America/New_York', 'UTC', 'Asia/Kolkata', 'America/New_York']
    expect(zones.map((z) => absoluteTime(at, z).slice(11, 16))).toEqual([
      '12:00',
      '08:00',
      '12:00',
      '17:30',
      '08:00',
    ])
    expect(() => absoluteTime(at, 'Not/A_Zone')).toThrow(RangeError)
  })
})
