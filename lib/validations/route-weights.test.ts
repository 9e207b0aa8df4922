import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_WEIGHT, routeWeightsSchema, weightShares } from '@/lib/validations/route-weights'

const base = { cluster: 'dev', namespace: 'inference', name: 'chat', ruleIndex: 0 }

function input(weights: readonly unknown[], extra: Record<string, unknown> = {}) {
  return { ...base, backends: weights.map((weight, i) => ({ name: `pool-${i}`, from: 1, weight })), ...extra }
}

const validWeight = fc.integer({ min: 0, max: MAX_WEIGHT })
/** 1..16 valid weights, at least one of them non-zero (so the drain rule does not interfere). */
const liveWeights = fc
  .array(validWeight, { minLength: 1, maxLength: 16 })
  .filter((ws) => ws.some((w) => w > 0))

const invalidWeight = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: -1 }),
  fc.integer({ min: MAX_WEIGHT + 1, max: 2_000_000_000 }),
  fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, 0.5, 99.9, MAX_WEIGHT + 0.5),
  fc.string(),
  fc.constantFrom('5', '0', '', null, true, false),
  fc.constant([1]),
  fc.constant({ value: 1 }),
)

describe('routeWeightsSchema', () => {
  it('accepts any whole-number weight from 0 to 1,000,000 and keeps the values unchanged', () => {
    fc.assert(
      fc.property(liveWeights, (weights) => {
        const r = routeWeightsSchema.safeParse(input(weights))
        expect(r.success).toBe(true)
        expect(r.data?.backends.map((b) => b.weight)).toEqual(weights)
      }),
    )
  })

  it('accepts the bounds 0 and 1,000,000 exactly', () => {
    expect(routeWeightsSchema.safeParse(input([0, MAX_WEIGHT])).success).toBe(true)
    expect(routeWeightsSchema.safeParse(input([MAX_WEIGHT + 1])).success).toBe(false)
    expect(routeWeightsSchema.safeParse(input([-1, 1])).success).toBe(false)
  })

  it('rejects negative, fractional, too large, NaN, infinite and non-number weights at the offending backend', () => {
    fc.assert(
      fc.property(liveWeights, invalidWeight, fc.nat(), (weights, bad, at) => {
        const i = at % weights.length
        const ws: unknown[] = [...weights]
        ws[i] = bad
        const r = routeWeightsSchema.safeParse(input(ws))
        expect(r.success).toBe(false)
        expect(r.error?.issues.some((iss) => iss.path.join('.') === `backends.${i}.weight`)).toBe(true)
      }),
    )
  })

  it('rejects a backend whose weight is missing', () => {
    fc.assert(
      fc.property(liveWeights, fc.nat(), (weights, at) => {
        const value = input(weights)
        const i = at % weights.length
        value.backends[i] = { name: `pool-${i}`, from: 1 } as { name: string; from: number; weight: unknown }
        expect(routeWeightsSchema.safeParse(value).success).toBe(false)
      }),
    )
  })

  const known = ['cluster', 'namespace', 'name', 'ruleIndex', 'backends', 'confirmDrain', 'weight']
  const extraKey = fc
    .string({ minLength: 1, maxLength: 20 })
    .filter((k) => !known.includes(k) && k !== '__proto__')

  it('rejects unknown fields on the request (strict)', () => {
    fc.assert(
      fc.property(liveWeights, extraKey, fc.jsonValue(), (weights, key, value) => {
        expect(routeWeightsSchema.safeParse(input(weights, { [key]: value })).success).toBe(false)
      }),
    )
  })

  it('rejects unknown fields on a backend (strict)', () => {
    fc.assert(
      fc.property(liveWeights, extraKey, fc.jsonValue(), fc.nat(), (weights, key, value, at) => {
        const v = input(weights)
        const i = at % weights.length
        v.backends[i] = { ...v.backends[i]!, [key]: value }
        expect(routeWeightsSchema.safeParse(v).success).toBe(false)
      }),
    )
  })

  it('rejects no backends and more than 16 backends', () => {
    expect(routeWeightsSchema.safeParse(input([])).success).toBe(false)
    expect(routeWeightsSchema.safeParse(input(Array.from({ length: 17 }, () => 1))).success).toBe(false)
    expect(routeWeightsSchema.safeParse(input(Array.from({ length: 16 }, () => 1))).success).toBe(true)
  })

  describe('draining (all weights zero)', () => {
    const zeros = fc.integer({ min: 1, max: 16 }).map((n) => Array.from({ length: n }, () => 0))

    it('is refused unless the user confirms, with a sentence about draining on confirmDrain', () => {
      fc.assert(
        fc.property(
          zeros,
          fc.constantFrom<Record<string, unknown>>({}, { confirmDrain: false }),
          (ws, extra) => {
            const r = routeWeightsSchema.safeParse(input(ws, extra))
            expect(r.success).toBe(false)
            const issue = r.error?.issues.find((iss) => iss.path.join('.') === 'confirmDrain')
            expect(issue?.message).toMatch(/drain/i)
          },
        ),
      )
    })

    it('is accepted with confirmDrain: true', () => {
      fc.assert(
        fc.property(zeros, (ws) => {
          expect(routeWeightsSchema.safeParse(input(ws, { confirmDrain: true })).success).toBe(true)
        }),
      )
    })

    it('does not accept a truthy non-boolean as confirmation', () => {
      for (const confirmDrain of ['true', 1, 'yes']) {
        expect(routeWeightsSchema.safeParse(input([0, 0], { confirmDrain })).success).toBe(false)
      }
    })

    it('does not need confirmation when at least one weight is above zero', () => {
      expect(routeWeightsSchema.safeParse(input([0, 0, 1])).success).toBe(true)
    })
  })
})

describe('weightShares', () => {
  it('sums to 100 % whenever some weight is above zero, each share proportional to its weight', () => {
    fc.assert(
      fc.property(liveWeights, (weights) => {
        const shares = weightShares(weights)
        const total = weights.reduce((a, b) => a + b, 0)
        expect(shares).toHaveLength(weights.length)
        expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThanOrEqual(1e-9)
        shares.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(0)
          expect(Math.abs(s - (weights[i]! / total) * 100)).toBeLessThanOrEqual(1e-9)
        })
      }),
    )
  })

  it('is all zero (not NaN) when every weight is zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), (n) => {
        const shares = weightShares(Array.from({ length: n }, () => 0))
        expect(shares).toEqual(Array.from({ length: n }, () => 0))
      }),
    )
  })

  it('gives the familiar splits', () => {
    expect(weightShares([90, 10])).toEqual([90, 10])
    expect(weightShares([1, 1, 2])).toEqual([25, 25, 50])
    expect(weightShares([0, 7])).toEqual([0, 100])
  })
})
