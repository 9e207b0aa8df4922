import { z } from 'zod'
import { ownerActionSchema } from './owner-actions'
import { routeWeightsSchema } from './route-weights'

/**
 * "Suspend the owner, then change": the weight change as the editor sends it, plus the owner
 * object's resourceVersion as the page showed it. Both are checked before anything is written.
 */
export const pauseThenWeightsSchema = z
  .object({
    ownerResourceVersion: ownerActionSchema.shape.resourceVersion,
    change: routeWeightsSchema,
  })
  .strict()
export type PauseThenWeightsInput = z.infer<typeof pauseThenWeightsSchema>
