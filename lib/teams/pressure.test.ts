import { describe, expect, it } from 'vitest'
import { teamPressure, tokenPercent, usedPercent, type QuotaLike } from './pressure'

const quota = (
  cluster: string,
  gpu: [string | null, string | null][],
  tokensPerHour: number | null,
): QuotaLike => ({
  cluster,
  namespaces: gpu.map(([used, hard]) => ({ gpu: { used, hard } })),
  tokens: { tokensPerHour },
})
const hour = new Date('2026-11-27T10:00:00Z')

describe('team pressure', () => {
  it('reads GPU quota use as Kubernetes quantities', () => {
    expect(usedPercent('6', '8')).toBe(75)
    expect(usedPercent('0', '0')).toBe(0)
    expect(usedPercent('2', '0')).toBe(100)
    expect(usedPercent(null, null)).toBe(0)
  })

  it('compares the busiest hour with the limit of the same cluster', () => {
    const quotas = [quota('east', [], 1_000_000), quota('west', [], 100_000)]
    const peaks = new Map([
      ['east', { tokens: 500_000, hour }],
      ['west', { tokens: 90_000, hour }],
    ])
    expect(tokenPercent(quotas, peaks)).toBe(90)
    // no limit: no pressure, however much is used
    expect(tokenPercent([quota('east', [], null)], peaks)).toBe(0)
  })

  it('ranks by the nearest of the three limits', () => {
    const peaks = new Map([['east', { tokens: 950, hour }]])
    const tokensTight = teamPressure([quota('east', [['1', '8']], 1000)], peaks, 40)
    const gpuFull = teamPressure([quota('east', [['8', '8']], null)], undefined, 10)
    const overBudget = teamPressure([quota('east', [['1', '8']], null)], undefined, 130)
    const relaxed = teamPressure([quota('east', [['2', '8']], 1000)], new Map(), 20)
    expect([tokensTight, gpuFull, overBudget, relaxed]).toEqual([95, 100, 130, 25])
  })
})
