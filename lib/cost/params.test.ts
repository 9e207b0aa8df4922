import { describe, expect, it } from 'vitest'
import { costQueryParams, nextDimension, parseCostQuery } from './params'

const now = new Date('2026-11-27T12:34:00Z')

describe('cost query params', () => {
  it('defaults to the last 30 days by team per day, ending tomorrow 00:00 (today included)', () => {
    const q = parseCostQuery({}, now)
    expect(q.from.toISOString()).toBe('2026-10-29T00:00:00.000Z')
    expect(q.to.toISOString()).toBe('2026-11-28T00:00:00.000Z')
    expect([q.by, q.grain, q.range]).toEqual(['team', 'day', '30d'])
  })
  it('reads month-to-date and last month', () => {
    expect(parseCostQuery({ range: 'mtd' }, now).from.toISOString()).toBe('2026-11-01T00:00:00.000Z')
    const lm = parseCostQuery({ range: 'last-month' }, now)
    expect([lm.from.toISOString(), lm.to.toISOString()]).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-11-01T00:00:00.000Z',
    ])
  })
  it('takes an inclusive custom range and ignores nonsense', () => {
    const q = parseCostQuery(
      { from: '2026-11-03', to: '2026-11-03', by: 'route', grain: 'week', team: ' search ' },
      now,
    )
    expect([q.from.toISOString(), q.to.toISOString(), q.range]).toEqual([
      '2026-11-03T00:00:00.000Z',
      '2026-11-04T00:00:00.000Z',
      'custom',
    ])
    expect([q.by, q.grain, q.team]).toEqual(['route', 'week', 'search'])
    const bad = parseCostQuery(
      { from: '2026-11-05', to: '2026-11-01', by: 'pod', grain: 'hour', range: 'ever' },
      now,
    )
    expect([bad.range, bad.by, bad.grain]).toEqual(['30d', 'team', 'day'])
  })
  it('round-trips to URL params and drills team → model → route', () => {
    const q = parseCostQuery({ from: '2026-11-01', to: '2026-11-07', by: 'model', team: 'search' }, now)
    expect(costQueryParams(q).toString()).toBe('from=2026-11-01&to=2026-11-07&by=model&team=search')
    expect(nextDimension('team')).toBe('model')
    expect(nextDimension('model')).toBe('route')
  })
})
