import { describe, expect, it } from 'vitest'
import { teamBudgetSchema } from './schemas'

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
