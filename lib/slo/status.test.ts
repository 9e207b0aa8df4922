import { describe, expect, it } from 'vitest'
import { burnText, forecastText, objectiveText, pct, utcText } from './format'
import { budgetAtRisk, statusFromRatios } from './status'

const slo = { id: 's1', objective: 0.995, windowDays: 30 as const }
const now = new Date('2026-11-20T12:00:00Z')

describe('status from per-window error ratios', () => {
  it('turns ratios into burns, budget, state and forecast', () => {
    const s = statusFromRatios(
      slo,
      {
        '5m': 0.1,
        '30m': 0.08,
        '1h': 0.075,
        '2h': 0.05,
        '6h': 0.02,
        '1d': 0.01,
        '3d': 0.006,
        window: 0.0025,
      },
      now,
    )
    expect(s.burns['5m']).toBeCloseTo(20, 9)
    expect(s.burns['1h']).toBeCloseTo(15, 9)
    expect(s.state).toBe('page')
    expect(s.firing.map((f) => `${f.long}&${f.short}`)).toEqual(['1h&5m', '3d&6h'])
    expect(s.budgetRemaining).toBeCloseTo(0.5, 9)
    // 50% of a 30-day budget at burn 15 lasts 0.5 × 720 h / 15 = 24 h.
    expect(s.exhaustion).toBe('2026-11-21T12:00:00.000Z')
    expect(s.at).toBe(now.toISOString())
  })

  it('missing windows are null, and an error keeps the state at no data', () => {
    const s = statusFromRatios(slo, {}, now, 'Prometheus is unreachable.')
    expect(s.burns['5m']).toBeNull()
    expect(s.state).toBe('no_data')
    expect(s.error).toBe('Prometheus is unreachable.')
    expect(s.exhaustion).toBeNull()
  })

  it('budget at risk: the share of the remaining budget the current burn spends in a day', () => {
    const s = statusFromRatios(slo, { '1h': 0.075, window: 0.0025 }, now)
    expect(budgetAtRisk(s, 30)).toBeCloseTo(0.5, 9)
    expect(budgetAtRisk(statusFromRatios(slo, { '1h': 0.0005, window: 0.0025 }, now), 30)).toBeCloseTo(
      0.1 / 30,
      9,
    )
  })
})

describe('formatting', () => {
  it('writes objectives, ratios, burns, durations and UTC times the same on server and client', () => {
    expect(objectiveText(0.9995)).toBe('99.95%')
    expect(pct(0.5)).toBe('50.0%')
    expect(pct(null)).toBe('—')
    expect(burnText(14.4)).toBe('14.4×')
    expect(burnText(0.25)).toBe('0.25×')
    expect(forecastText('2026-11-20T15:00:00Z', 0.4, now.getTime())).toBe('runs out in 3h')
    expect(forecastText(null, -0.1, now.getTime())).toBe('budget spent')
    expect(utcText(now)).toBe('2026-11-20 12:00 UTC')
  })
})

describe('events that stopped arriving', () => {
  const slo = { id: 's', objective: 0.99, windowDays: 30 as const }
  const now = new Date('2026-12-07T03:00:00Z')
  it('are never "ok" on the longer windows: no data, since about when the last one came', () => {
    const lastSeen = Date.parse('2026-12-07T02:50:00Z') / 1000
    const s = statusFromRatios(slo, { '1h': 0.001, '6h': 0.001, '1d': 0.001, fresh: -1, lastSeen }, now)
    expect(s.state).toBe('no_data')
    expect(s.noDataSince).toBe('2026-12-07T02:45:00.000Z')
    expect(s.firing).toEqual([])
  })
  it('nor a page: an old burn in the long windows does not page a silent source', () => {
    const s = statusFromRatios(slo, { '1h': 0.5, '6h': 0.5, '30m': 0.5, fresh: -1 }, now)
    expect(s).toMatchObject({ state: 'no_data', noDataSince: null })
  })
  it('a source that reports but saw no traffic keeps its state', () => {
    const s = statusFromRatios(slo, { '1h': 0.001, fresh: 0 }, now)
    expect(s).toMatchObject({ state: 'ok', noDataSince: null })
  })
})
