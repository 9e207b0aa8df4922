import { describe, expect, it } from 'vitest'
import { roundCents } from './money'
import { costPerMillion, gpuCost, priceAt, priceBook, tokenCost } from './prices'

const d = (s: string) => new Date(`${s}T00:00:00Z`)

describe('priceAt', () => {
  const prices = [
    { effectiveFrom: d('2026-11-10'), inputPerM: 0.3, outputPerM: 0.6, cachedPerM: 0.1 },
    { effectiveFrom: d('2026-10-01'), inputPerM: 0.2, outputPerM: 0.4, cachedPerM: 0.05 },
  ]
  it('takes the latest price that started on or before the moment', () => {
    expect(priceAt(prices, d('2026-11-09'))?.inputPerM).toBe(0.2)
    expect(priceAt(prices, d('2026-11-10'))?.inputPerM).toBe(0.3)
    expect(priceAt(prices, new Date('2026-11-09T23:59:59Z'))?.inputPerM).toBe(0.2)
  })
  it('has no price before the first one', () => {
    expect(priceAt(prices, d('2026-09-30'))).toBeNull()
  })
  it('groups a price book by key, oldest first', () => {
    const book = priceBook(
      prices.map((p) => ({ ...p, model: 'm' })),
      (p) => p.model,
    )
    expect(book.get('m')?.map((p) => p.inputPerM)).toEqual([0.2, 0.3])
  })
})

describe('tokenCost', () => {
  const price = { inputPerM: 0.6, outputPerM: 2.4, cachedPerM: 0.15 }
  it('charges uncached input, cached input and output at their prices, to the cent', () => {
    // 3M input of which 1M cached, 0.5M output: 2M × 0.60 + 1M × 0.15 + 0.5M × 2.40 = 2.55
    expect(roundCents(tokenCost({ input: 3e6, cached: 1e6, output: 0.5e6 }, price))).toBe(2.55)
  })
  it('never charges more cached tokens than input tokens', () => {
    expect(roundCents(tokenCost({ input: 1e6, cached: 5e6, output: 0 }, price))).toBe(0.15)
  })
  it('is zero for no tokens and ignores negative counts', () => {
    expect(tokenCost({ input: 0, cached: 0, output: 0 }, price)).toBe(0)
    expect(tokenCost({ input: -5, cached: 0, output: -1 }, price)).toBe(0)
  })
  it('adds up exactly over many small hours', () => {
    let sum = 0
    for (let h = 0; h < 24 * 31; h++)
      sum += tokenCost({ input: 123_457, cached: 23_456, output: 45_679 }, price)
    // per hour: (100001 × 0.6 + 23456 × 0.15 + 45679 × 2.4) / 1e6 = 0.1731486; × 744 h = 128.8225…
    expect(roundCents(sum)).toBe(128.82)
  })
})

describe('gpuCost', () => {
  it('prices GPU-hours and the idle share', () => {
    const c = gpuCost(10, 6.5, { perHour: 3.1 })
    expect(roundCents(c.cost)).toBe(31)
    expect(roundCents(c.idleCost)).toBe(10.85)
  })
  it('treats busy beyond allocated as fully busy', () => {
    expect(gpuCost(2, 3, { perHour: 1 }).idleCost).toBe(0)
  })
})

describe('costPerMillion', () => {
  it('is the blended price per 1M tokens', () => {
    expect(costPerMillion(2.55, 3.5e6)).toBeCloseTo(0.728571, 6)
    expect(costPerMillion(5, 0)).toBeNull()
  })
})

describe('roundCents', () => {
  it('rounds half away from zero without binary surprises', () => {
    expect(roundCents(1.005)).toBe(1.01)
    expect(roundCents(2.675)).toBe(2.68)
    expect(roundCents(-1.005)).toBe(-1.01)
    expect(roundCents(0.004)).toBe(0)
    expect(roundCents(-0.004)).toBe(0)
  })
})
