import { describe, expect, it } from 'vitest'
import { firstSampleAfterQuery, lastSampleBeforeQuery, latestSampleQuery, shareBefore } from './scrape-gaps'

const H = Date.UTC(2026, 10, 26, 13)
const MIN = 60e3

describe('scrape-gap split', () => {
  it('gives the hour before the boundary the share of the gap that lies before it', () => {
    // 12:53 → 13:07: half of the gap is before 13:00
    expect(shareBefore({ at: H, before: H - 7 * MIN, after: H + 7 * MIN })).toBeCloseTo(0.5, 10)
    expect(shareBefore({ at: H, before: H - 3 * MIN, after: H + 9 * MIN })).toBeCloseTo(0.25, 10)
  })
  it('gives nothing to the hour before when its last sample is at the boundary', () => {
    expect(shareBefore({ at: H, before: H, after: H + 10 * MIN })).toBe(0)
  })
  it('never moves more than the gap or a negative amount', () => {
    expect(shareBefore({ at: H, before: H - MIN, after: H - 2 * MIN })).toBe(0)
    expect(shareBefore({ at: H + 5 * MIN, before: H, after: H + MIN })).toBe(1)
  })
})

describe('scrape-gap queries', () => {
  it('look for sample times per cluster', () => {
    expect(latestSampleQuery('m_sum')).toBe('max by (cluster) (timestamp(m_sum))')
    expect(lastSampleBeforeQuery('m_sum')).toBe('max by (cluster) (max_over_time(timestamp(m_sum)[1h:1m]))')
    expect(firstSampleAfterQuery('m_sum', 1795827600, '1m:1s')).toBe(
      'min by (cluster) (min_over_time((timestamp(m_sum) > 1795827600)[1m:1s]))',
    )
  })
})
