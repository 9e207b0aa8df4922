import { describe, expect, it } from 'vitest'
import { PricingConfigError, acceptedCurrencies, basisKey, parseBasis, rateOf } from './currency'

describe('pricing basis', () => {
  it('defaults to USD with no rates', () => {
    const b = parseBasis(undefined, undefined)
    expect(b.currency).toBe('USD')
    expect(rateOf(b, 'USD')).toBe(1)
    expect(rateOf(b, 'EUR')).toBeNull()
  })
  it('reads rates as units of the report currency per unit', () => {
    const b = parseBasis('eur', 'USD=0.92, GBP=1.17')
    expect(b.currency).toBe('EUR')
    expect(rateOf(b, 'USD')).toBe(0.92)
    expect(acceptedCurrencies(b)).toEqual(['EUR', 'GBP', 'USD'])
  })
  it('refuses settings it cannot trust, naming the entry', () => {
    expect(() => parseBasis('dollars', '')).toThrow(PricingConfigError)
    expect(() => parseBasis('USD', 'EUR:1.08')).toThrow(/"EUR:1.08" is not CODE=rate/)
    expect(() => parseBasis('USD', 'EUR=0')).toThrow(/more than 0/)
    expect(() => parseBasis('USD', 'USD=1')).toThrow(/report currency/)
    expect(() => parseBasis('USD', 'EUR=1.1,EUR=1.2')).toThrow(/twice/)
  })
  it('keys the basis so a changed rate re-costs, and reordering does not', () => {
    expect(basisKey(parseBasis('USD', 'EUR=1.08,GBP=1.27'))).toBe(
      basisKey(parseBasis('USD', 'GBP=1.27,EUR=1.08')),
    )
    expect(basisKey(parseBasis('USD', 'EUR=1.08'))).not.toBe(basisKey(parseBasis('USD', 'EUR=1.09')))
  })
})
