import { describe, expect, it } from 'vitest'
import {
  centsText,
  formatMoney,
  formatMoneyCompact,
  formatMoneyWhole,
  formatPrice,
  micros,
  microsText,
  roundCentsMicros,
  toMicros,
} from './money'

describe('micro-units', () => {
  it('turn decimal amounts into exact integers', () => {
    expect(toMicros(0.1)).toBe(100_000)
    expect(toMicros(0.025)).toBe(25_000)
    expect(toMicros(1234.567891)).toBe(1_234_567_891)
    // 0.1 + 0.2 ≠ 0.3 in floats; in micro-units it is.
    expect(toMicros(0.1) + toMicros(0.2)).toBe(toMicros(0.3))
  })
  it('read what the database returns: BigInt, numbers and numeric text', () => {
    expect(micros(12_345n)).toBe(12_345)
    expect(micros('12345')).toBe(12_345)
    expect(micros(null)).toBe(0)
  })
  it('print as exact decimals', () => {
    expect(microsText(1_005_000)).toBe('1.005')
    expect(microsText(90_000_000_000)).toBe('90000')
    expect(microsText(-25_000)).toBe('-0.025')
  })
})

describe('rounding to cents', () => {
  it('rounds half away from zero without binary surprises', () => {
    expect(roundCentsMicros(1_005_000)).toBe(1_010_000)
    expect(roundCentsMicros(2_675_000)).toBe(2_680_000)
    expect(roundCentsMicros(-1_005_000)).toBe(-1_010_000)
    expect(roundCentsMicros(4_000)).toBe(0)
    expect(centsText(1_005_000)).toBe('1.01')
    expect(centsText(7)).toBe('0.00')
  })
})

describe('formatting', () => {
  it('writes spend to the cent in the report currency', () => {
    expect(formatMoney(1_234_560_000, 'USD')).toBe('$1,234.56')
    expect(formatMoney(1_234_560_000, 'EUR')).toBe('€1,234.56')
  })
  it('writes unit prices below a cent', () => {
    expect(formatPrice(25_000, 'USD')).toBe('$0.025')
    expect(formatPrice(3_000_000, 'USD')).toBe('$3.00')
  })
  it('writes summary cards in whole units and chart axes compactly', () => {
    expect(formatMoneyWhole(90_000_400_000, 'USD')).toBe('$90,000')
    expect(formatMoneyCompact(12_345_000_000, 'USD')).toBe('$12K')
  })
})
