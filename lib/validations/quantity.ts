import { z } from 'zod'
import { parseQuantity } from '@/lib/k8s/quantity'

// The form and the action specs read quantities through here; the parser itself is the platform's.
export { parseQuantity }

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
