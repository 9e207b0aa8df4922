import { describe, expect, it } from 'vitest'
import {
  budgetRemaining,
  budgetRemainingFromRatio,
  burnRate,
  errorBudget,
  errorRatio,
  sloState,
  worstState,
} from './burn-rate'
import { alertConditions, burnFactor, pageThresholds } from './windows'

describe('SLO math', () => {
  it('error budget is 1 − objective', () => {
    expect(errorBudget(0.995)).toBeCloseTo(0.005, 12)
    expect(errorBudget(0.999)).toBeCloseTo(0.001, 12)
    expect(() => errorBudget(1)).toThrow()
    expect(() => errorBudget(0)).toThrow()
  })

  it('burn rate is the error ratio over the budget', () => {
    expect(burnRate(0.005, 0.995)).toBeCloseTo(1, 12)
    expect(burnRate(0.072, 0.995)).toBeCloseTo(14.4, 9)
    expect(burnRate(0, 0.99)).toBe(0)
  })

  it('budget remaining = 1 − errors / (budget × total)', () => {
    // 1,000,000 events at 99.5%: budget 5,000 errors; 1,250 spent leaves 75%.
    expect(budgetRemaining(998_750, 1_000_000, 0.995)).toBeCloseTo(0.75, 12)
    expect(budgetRemaining(995_000, 1_000_000, 0.995)).toBeCloseTo(0, 12)
    expect(budgetRemaining(990_000, 1_000_000, 0.995)).toBeCloseTo(-1, 12)
    expect(budgetRemaining(0, 0, 0.995)).toBeNaN()
    expect(budgetRemainingFromRatio(0.00125, 0.995)).toBeCloseTo(0.75, 12)
  })

  it('error ratio is bad / total, NaN without traffic', () => {
    expect(errorRatio(90, 100)).toBeCloseTo(0.1, 12)
    expect(errorRatio(0, 0)).toBeNaN()
  })
})

describe('multi-window multi-burn-rate factors', () => {
  it('derives the 30-day table 14.4 / 6 / 3 / 1', () => {
    expect(alertConditions(30).map((c) => c.factor)).toEqual([14.4, 6, 3, 1])
  })
  it('derives the 28-day table 13.44 / 5.6 / 2.8 / 0.93', () => {
    expect(alertConditions(28).map((c) => c.factor)).toEqual([13.44, 5.6, 2.8, 0.93])
  })
  it('chart thresholds: one line per page factor of the plotted windows', () => {
    expect(pageThresholds(['5m', '1h'], 30)).toEqual([{ window: '5m, 1h', factor: 14.4 }])
    expect(pageThresholds(['1h', '6h'], 28)).toEqual([
      { window: '1h', factor: 13.44 },
      { window: '6h', factor: 5.6 },
    ])
  })
  it('factor = budget share × period hours / long-window hours', () => {
    expect(burnFactor(0.02, 30, '1h')).toBe(14.4)
    expect(burnFactor(0.05, 28, '6h')).toBe(5.6)
    expect(alertConditions(30).map((c) => `${c.severity}:${c.long}&${c.short}`)).toEqual([
      'page:1h&5m',
      'page:6h&30m',
      'ticket:1d&2h',
      'ticket:3d&6h',
    ])
  })
})

describe('SLO state', () => {
  const quiet = { '5m': 0.5, '30m': 0.5, '1h': 0.5, '2h': 0.5, '6h': 0.5, '1d': 0.5, '3d': 0.5 }
  it('pages when 1h and 5m both exceed 14.4', () => {
    expect(sloState({ ...quiet, '1h': 15, '5m': 20 }, 30).state).toBe('page')
  })
  it('does not page on a long window alone (the short window says it stopped)', () => {
    expect(sloState({ ...quiet, '1h': 15, '5m': 2 }, 30).state).toBe('ok')
  })
  it('pages on 6h and 30m above 6', () => {
    const r = sloState({ ...quiet, '6h': 6.5, '30m': 7 }, 30)
    expect(r.state).toBe('page')
    expect(r.firing.map((c) => c.long)).toEqual(['6h'])
  })
  it('tickets on 1d and 2h above 3, or 3d and 6h above 1', () => {
    expect(sloState({ ...quiet, '1d': 3.5, '2h': 4 }, 30).state).toBe('ticket')
    expect(sloState({ ...quiet, '3d': 1.2, '6h': 1.5 }, 30).state).toBe('ticket')
  })
  it('uses the 28-day factors for a 28-day SLO', () => {
    const burns = { ...quiet, '1h': 14, '5m': 14 }
    expect(sloState(burns, 30).state).toBe('ok')
    expect(sloState(burns, 28).state).toBe('page')
    expect(sloState({ ...quiet, '3d': 0.95, '6h': 0.95 }, 28).state).toBe('ticket')
  })
  it('is exactly at the factor: not firing (strictly greater, as the alert rule)', () => {
    expect(sloState({ ...quiet, '1h': 14.4, '5m': 14.4 }, 30).state).toBe('ok')
  })
  it('no traffic anywhere is no_data; NaN windows never fire', () => {
    expect(sloState({}, 30).state).toBe('no_data')
    expect(sloState({ '1h': Number.NaN, '5m': 100 }, 30).state).toBe('ok')
  })
  it('orders states page > ticket > ok > no_data', () => {
    expect(worstState('ok', 'ticket')).toBe('ticket')
    expect(worstState('page', 'ticket')).toBe('page')
    expect(worstState('no_data', 'ok')).toBe('ok')
  })
})
