import { describe, expect, it } from 'vitest'
import { hourlyGrowth, resetHoursQuery } from './token-queries'

const H = Date.UTC(2026, 10, 27, 10)
const HOUR = 3600e3
const s = (t: number) => t / 1000
const labels = (route: string, pod = 'envoy-a') => ({
  __name__: 'gen_ai_client_token_usage_sum',
  cluster: 'east',
  pod,
  gen_ai_tenant: 'team-a',
  gen_ai_request_model: 'm',
  route,
  gen_ai_token_type: 'input',
})

describe('hourly growth from counter values at hour boundaries', () => {
  it('sums end-minus-start per ledger grouping, dropping labels the ledger does not keep', () => {
    const g = hourlyGrowth(
      [
        {
          metric: labels('r1', 'envoy-a'),
          values: [
            [s(H), 100],
            [s(H + HOUR), 250],
            [s(H + 2 * HOUR), 300],
          ],
        },
        {
          metric: labels('r1', 'envoy-b'),
          values: [
            [s(H), 10],
            [s(H + HOUR), 20],
            [s(H + 2 * HOUR), 20],
          ],
        },
      ],
      [H, H + HOUR],
    )
    expect(g.exact.size).toBe(0)
    expect(g.samples.map((x) => [x.hour, x.value, x.metric.pod])).toEqual([
      [H, 160, undefined],
      [H + HOUR, 50, undefined],
    ])
  })

  it('leaves an hour to the exact expression when a counter fell (reset)', () => {
    const g = hourlyGrowth(
      [
        {
          metric: labels('r1'),
          values: [
            [s(H), 100],
            [s(H + HOUR), 40],
            [s(H + 2 * HOUR), 90],
          ],
        },
      ],
      [H, H + HOUR],
    )
    expect([...g.exact]).toEqual([H])
    expect(g.samples.map((x) => [x.hour, x.value])).toEqual([[H + HOUR, 50]])
  })

  it('leaves an hour to the exact expression when a series starts or stops in it', () => {
    const g = hourlyGrowth(
      [
        {
          metric: labels('new'),
          values: [
            [s(H + HOUR), 5],
            [s(H + 2 * HOUR), 9],
          ],
        },
        { metric: labels('gone'), values: [[s(H), 5]] },
        {
          metric: labels('steady'),
          values: [
            [s(H), 1],
            [s(H + HOUR), 2],
            [s(H + 2 * HOUR), 3],
          ],
        },
      ],
      [H, H + HOUR],
    )
    expect([...g.exact]).toEqual([H])
    expect(g.samples.map((x) => [x.metric.route, x.hour, x.value])).toEqual([
      ['new', H + HOUR, 4],
      ['steady', H + HOUR, 1],
    ])
  })

  it('finds reset hours with one pass over the samples', () => {
    expect(resetHoursQuery('x_sum', 3600)).toBe('count(resets(x_sum[61m]) > 0)')
  })
})
