import { describe, expect, it } from 'vitest'
import { gpuPriceSchema, modelPriceSchema, teamBudgetSchema } from './cost'

describe('teamBudgetSchema', () => {
  it('takes amounts to the cent, as typed or as numbers', () => {
    expect(teamBudgetSchema.parse({ team: 'search', monthly: '12500.50' }).monthly).toBe(12500.5)
    expect(teamBudgetSchema.parse({ team: 'search', monthly: 0.07 }).monthly).toBe(0.07)
  })

  it('refuses fractions of a cent, negatives and non-numbers with a message', () => {
    for (const monthly of ['1200.505', '-5', 'lots', '1e12']) {
      const r = teamBudgetSchema.safeParse({ team: 'search', monthly })
      expect(r.success, monthly).toBe(false)
      expect(r.error?.issues[0]?.message.length).toBeGreaterThan(5)
    }
  })
})

describe('price schemas', () => {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
  const base = { model: 'llama', inputPerM: '0.1', outputPerM: '0.2', cachedPerM: '0.025' }
  it('take the date and hour as one UTC instant, with the currency', () => {
    const p = modelPriceSchema.parse({
      ...base,
      effectiveFrom: tomorrow,
      effectiveHour: '14',
      currency: 'eur',
    })
    expect(p.effectiveFrom.toISOString()).toBe(`${tomorrow}T14:00:00.000Z`)
    expect(p.currency).toBe('EUR')
  })
  it('refuse an instant before the next whole hour: hours already used keep their cost', () => {
    const today = new Date().toISOString().slice(0, 10)
    const r = modelPriceSchema.safeParse({ ...base, effectiveFrom: today, effectiveHour: '0' })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toMatch(/from the next hour .* past costs are not rewritten/)
  })
  it('refuse more than 6 decimals and non-codes', () => {
    expect(
      gpuPriceSchema.safeParse({ product: 'L4', effectiveFrom: tomorrow, perHour: '0.0000001' }).success,
    ).toBe(false)
    expect(
      gpuPriceSchema.safeParse({ product: 'L4', effectiveFrom: tomorrow, perHour: '1', currency: 'dollars' })
        .success,
    ).toBe(false)
  })
})
