import { describe, expect, it } from 'vitest'
import { parseBasis } from './currency'
import { centsText } from './money'
import {
  FOREVER,
  costPerMillion,
  gpuCostMicros,
  gpuRateBook,
  rateAt,
  ratesWithin,
  tokenCostMicros,
  tokenRateBook,
} from './prices'

const at = (s: string) => new Date(s)
const USD = parseBasis('USD', '')

const price = (model: string, from: string, input: number, currency = 'USD') => ({
  model,
  effectiveFrom: at(from),
  inputMicrosPerM: BigInt(input),
  outputMicrosPerM: BigInt(input * 2),
  cachedMicrosPerM: BigInt(input / 4),
  currency,
})

describe('effective instants', () => {
  const book = tokenRateBook(
    [price('m', '2026-12-06T12:00:00Z', 300_000), price('m', '2026-10-01T00:00:00Z', 200_000)],
    USD,
  )
  const rates = book.rates.get('m')!
  it('applies a price to the hours that start at or after its instant, never to an hour before it', () => {
    expect(rateAt(rates, at('2026-12-06T11:00:00Z'))?.input).toBe(200_000)
    expect(rateAt(rates, at('2026-12-06T12:00:00Z'))?.input).toBe(300_000)
    expect(rateAt(rates, at('2026-12-07T00:00:00Z'))?.input).toBe(300_000)
  })
  it('keeps the hour a mid-hour price falls into at the price before it', () => {
    const mid = tokenRateBook(
      [price('m', '2026-01-01T00:00:00Z', 100), price('m', '2026-12-06T12:30:00Z', 900)],
      USD,
    )
    expect(rateAt(mid.rates.get('m')!, at('2026-12-06T12:00:00Z'))?.input).toBe(100)
    expect(rateAt(mid.rates.get('m')!, at('2026-12-06T13:00:00Z'))?.input).toBe(900)
  })
  it('has no price before the first one, and the last one runs on', () => {
    expect(rateAt(rates, at('2026-09-30T23:00:00Z'))).toBeNull()
    expect(rates.at(-1)?.to).toEqual(FOREVER)
  })
  it('lists the rates a day needs: both on the day a price changes', () => {
    expect(
      ratesWithin(rates, at('2026-12-06T00:00:00Z'), at('2026-12-07T00:00:00Z')).map((r) => r.input),
    ).toEqual([200_000, 300_000])
    expect(
      ratesWithin(rates, at('2026-12-07T00:00:00Z'), at('2026-12-08T00:00:00Z')).map((r) => r.input),
    ).toEqual([300_000])
  })
})

describe('currencies', () => {
  it('converts a price in another currency with the configured rate', () => {
    const book = tokenRateBook(
      [price('m', '2026-01-01T00:00:00Z', 1_000_000, 'EUR')],
      parseBasis('USD', 'EUR=1.08'),
    )
    expect(book.rates.get('m')?.[0]?.input).toBeCloseTo(1_080_000, 6)
    expect(book.refused).toEqual([])
  })
  it('refuses a price whose currency has no rate, and never lets an older price stand in for it', () => {
    const book = tokenRateBook(
      [price('m', '2026-01-01T00:00:00Z', 100_000), price('m', '2026-12-01T00:00:00Z', 90_000, 'EUR')],
      USD,
    )
    expect(book.refused).toEqual([{ key: 'm', currency: 'EUR', effectiveFrom: at('2026-12-01T00:00:00Z') }])
    const rates = book.rates.get('m')!
    expect(rateAt(rates, at('2026-11-30T23:00:00Z'))?.input).toBe(100_000)
    // The USD price ends where the EUR one begins: December is unpriced, not priced in USD.
    expect(rateAt(rates, at('2026-12-01T00:00:00Z'))).toBeNull()
  })
  it('converts GPU prices the same way', () => {
    const book = gpuRateBook(
      [
        {
          product: 'H100',
          effectiveFrom: at('2026-01-01T00:00:00Z'),
          microsPerHour: 2_500_000n,
          currency: 'GBP',
        },
      ],
      parseBasis('EUR', 'GBP=1.2'),
    )
    expect(book.rates.get('H100')?.[0]?.perHour).toBeCloseTo(3_000_000, 6)
  })
})

describe('tokenCostMicros', () => {
  const rate = { input: 600_000, output: 2_400_000, cached: 150_000 }
  it('charges uncached input, cached input and output at their prices', () => {
    // 3M input of which 1M cached, 0.5M output: 2M × 0.60 + 1M × 0.15 + 0.5M × 2.40 = 2.55
    expect(tokenCostMicros({ input: 3e6, cached: 1e6, output: 0.5e6 }, rate)).toBe(2_550_000)
  })
  it('never charges more cached tokens than input tokens', () => {
    expect(tokenCostMicros({ input: 1e6, cached: 5e6, output: 0 }, rate)).toBe(150_000)
  })
  it('is zero for no tokens and ignores negative counts', () => {
    expect(tokenCostMicros({ input: 0, cached: 0, output: 0 }, rate)).toBe(0)
    expect(tokenCostMicros({ input: -5, cached: 0, output: -1 }, rate)).toBe(0)
  })
  it('rounds each hour once, so a month is the exact sum of its hours', () => {
    const hour = tokenCostMicros({ input: 123_457, cached: 23_456, output: 45_679 }, rate)
    // (100001 × 0.6 + 23456 × 0.15 + 45679 × 2.4) = 173,148.6 micro → 173,149 per hour
    expect(hour).toBe(173_149)
    let sum = 0
    for (let h = 0; h < 24 * 31; h++)
      sum += tokenCostMicros({ input: 123_457, cached: 23_456, output: 45_679 }, rate)
    expect(sum).toBe(173_149 * 744)
    expect(centsText(sum)).toBe('128.82')
  })
  it('is an integer for any input, so sums in any order agree', () => {
    const hours = Array.from({ length: 500 }, (_, i) => ({
      input: i * 1013.7,
      cached: i * 17.3,
      output: i * 311.1,
    }))
    const costs = hours.map((h) => tokenCostMicros(h, rate))
    expect(costs.every(Number.isInteger)).toBe(true)
    const forward = costs.reduce((a, c) => a + c, 0)
    const backward = [...costs].reverse().reduce((a, c) => a + c, 0)
    expect(forward).toBe(backward)
  })
})

describe('gpuCostMicros', () => {
  it('prices GPU-hours and the idle share', () => {
    const c = gpuCostMicros(10, 6.5, { perHour: 3_100_000 })
    expect(c.cost).toBe(31_000_000)
    expect(c.idleCost).toBe(10_850_000)
  })
  it('treats busy beyond allocated as fully busy', () => {
    expect(gpuCostMicros(2, 3, { perHour: 1_000_000 }).idleCost).toBe(0)
  })
})

describe('costPerMillion', () => {
  it('is the blended price per 1M tokens, in micro-units', () => {
    expect(costPerMillion(2_550_000, 3.5e6)).toBe(728_571)
    expect(costPerMillion(5, 0)).toBeNull()
  })
})
