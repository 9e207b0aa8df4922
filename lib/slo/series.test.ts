import { describe, expect, it } from 'vitest'
import { burnSeries, grid, rollingBudget } from './series'

describe('rolling budget over the window ending at each point', () => {
  it('adds new events and drops the ones that slid out of the window', () => {
    // Window of 2 steps (step 10 s, W = 20 s); 99% objective: budget 1%.
    const times = grid(100, 140, 10) // 110, 120, 130, 140
    const inc = new Map([
      [110, { good: 100, total: 100 }],
      [120, { good: 98, total: 100 }],
      [130, { good: 100, total: 100 }],
      [140, { good: 100, total: 100 }],
    ])
    // Events in (80,90] and (90,100] form the base; they slide out at 110 and 120.
    const base = { good: 200, total: 200 }
    const old = new Map([
      [90, { good: 100, total: 100 }],
      [100, { good: 100, total: 100 }],
      [110, inc.get(110)!],
      [120, inc.get(120)!],
    ])
    const b = rollingBudget(base, inc, old, times, 20, 0.99)
    // at 120: window (100,120] has 2 bad of 200 → 2 / (0.01 × 200) = 1 → budget 0
    expect(b.map((x) => Math.round(x! * 1000) / 1000)).toEqual([1, 0, 0, 1])
  })

  it('is null without traffic', () => {
    expect(rollingBudget({ good: 0, total: 0 }, new Map(), new Map(), [10, 20], 20, 0.99)).toEqual([
      null,
      null,
    ])
  })
})

describe('burn series', () => {
  it('divides error ratios by the budget on the grid', () => {
    const s = burnSeries(
      new Map([
        [10, 0.05],
        [30, Number.NaN],
      ]),
      [10, 20, 30],
      0.99,
    )
    expect(s[0]).toBeCloseTo(5, 9)
    expect(s.slice(1)).toEqual([null, null])
  })
  it('builds the grid after the start, up to the end', () => {
    expect(grid(0, 60, 15)).toEqual([15, 30, 45, 60])
  })
})
