import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseQuantity } from '@/lib/k8s/quantity'
import { MAX_GPU_QUOTA, gpuQuantitySchema } from './quantity'
import { tokenLimitSchema } from './quota'

describe('Kubernetes quantities', () => {
  it('reads plain, SI, binary and exponent forms', () => {
    expect(parseQuantity('8')).toBe(8)
    expect(parseQuantity('1k')).toBe(1000)
    expect(parseQuantity('2Ki')).toBe(2048)
    expect(parseQuantity('500m')).toBe(0.5)
    expect(parseQuantity('1e3')).toBe(1000)
    expect(parseQuantity('lots')).toBeNull()
    expect(parseQuantity('8 GPUs')).toBeNull()
  })

  it('accepts every whole GPU count from 0 to the bound, written plainly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_GPU_QUOTA }),
        (n) => gpuQuantitySchema.safeParse(String(n)).success,
      ),
    )
  })

  it('refuses negative, fractional, oversized and non-quantity input', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: -1 }),
        (n) => !gpuQuantitySchema.safeParse(String(n)).success,
      ),
    )
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1000, noNaN: true }).filter((x) => !Number.isInteger(x)),
        (x) => !gpuQuantitySchema.safeParse(String(x)).success,
      ),
    )
    fc.assert(
      fc.property(
        fc.integer({ min: MAX_GPU_QUOTA + 1, max: 2 ** 31 }),
        (n) => !gpuQuantitySchema.safeParse(String(n)).success,
      ),
    )
    fc.assert(
      fc.property(
        fc.string().filter((s) => parseQuantity(s) === null),
        (s) => !gpuQuantitySchema.safeParse(s).success,
      ),
    )
  })

  it('token limits are whole, non-negative and bounded; extra fields are refused', () => {
    const base = { cluster: 'gpu-east', team: 'search', from: null }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        (n) => tokenLimitSchema.safeParse({ ...base, tokensPerHour: n }).success,
      ),
    )
    for (const bad of [-1, 1.5, 1e13, Number.NaN, '100', null]) {
      expect(tokenLimitSchema.safeParse({ ...base, tokensPerHour: bad }).success).toBe(false)
    }
    expect(tokenLimitSchema.safeParse({ ...base, tokensPerHour: 5, admin: true }).success).toBe(false)
  })
})
