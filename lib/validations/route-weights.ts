import { z } from 'zod'
import { requiredNumber } from './number-field'
import { MAX_WEIGHT } from './route-weights-shares'

export { MAX_WEIGHT, weightShares } from './route-weights-shares'

const dnsName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'not a valid Kubernetes name')

export const weightSchema = requiredNumber(
  z
    .number()
    .int('weights are whole numbers')
    .min(0, 'weights cannot be negative')
    .max(MAX_WEIGHT, `at most ${MAX_WEIGHT.toLocaleString('en')}`),
  'a whole number is required',
  { numbersOnly: true },
)

export const routeWeightsSchema = z
  .object({
    cluster: z.string().min(1).max(63),
    namespace: dnsName,
    name: dnsName,
    ruleIndex: requiredNumber(z.number().int().min(0).max(15), 'Required.', { numbersOnly: true }),
    /**
     * Each backend's new `weight` and the weight the user saw (`from`): the write is conditional
     * on those fields still holding `from`, not on the object's resourceVersion, which every
     * status write bumps.
     */
    backends: z
      .array(z.object({ name: dnsName, from: weightSchema, weight: weightSchema }).strict())
      .min(1)
      .max(16),
    confirmDrain: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.backends.some((b) => b.weight > 0) || v.confirmDrain === true, {
    message: 'All weights are zero, so this route would send no traffic. Confirm that you want to drain it.',
    path: ['confirmDrain'],
  })

export type RouteWeightsInput = z.infer<typeof routeWeightsSchema>
