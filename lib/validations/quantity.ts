import { z } from 'zod'

// Kubernetes resource.Quantity: a decimal number with an optional SI, binary or exponent suffix.
// @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
}

/** The numeric value of a Kubernetes quantity string, or null if it is not one. */
export function parseQuantity(input: string): number | null {
  const m = QUANTITY.exec(input.trim())
  if (!m) return null
  const base = Number(m[1])
  const suffix = m[2]
  if (!suffix) return base
  if (/^[eE]/.test(suffix)) return base * 10 ** Number(suffix.slice(1))
  return base * (SUFFIX[suffix] ?? NaN)
}

export const MAX_GPU_QUOTA = 100_000

/** A GPU count as a quota: a quantity that is a whole, non-negative number of devices. */
export const gpuQuantitySchema = z
  .string()
  .trim()
  .min(1, 'enter a number of GPUs')
  .max(32)
  .refine((s) => parseQuantity(s) !== null, 'not a Kubernetes quantity (e.g. 8, 16, 1k)')
  .refine((s) => {
    const v = parseQuantity(s)
    // "-0" would be written as a zero quota
    return v !== null && v >= 0 && !Object.is(v, -0)
  }, 'cannot be negative')
  .refine((s) => Number.isInteger(parseQuantity(s)), 'GPUs are whole devices')
  .refine(
    (s) => (parseQuantity(s) ?? Infinity) <= MAX_GPU_QUOTA,
    `at most ${MAX_GPU_QUOTA.toLocaleString('en')} GPUs`,
  )
