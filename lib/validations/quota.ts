import { z } from 'zod'
import { clusterName, k8sName } from '@/lib/validations/route-ref'
import { gpuQuantitySchema } from '@/lib/validations/quantity'
import { requiredNumber } from '@/lib/validations/number-field'
import { teamNameSchema } from '@/lib/validations/team'

export const gpuQuotaSchema = z
  .object({
    cluster: clusterName,
    namespace: k8sName,
    hard: gpuQuantitySchema,
    /** The limit the admin saw (null: no GPU limit yet): the write is conditional on it. */
    from: z.string().trim().max(32).nullable(),
    confirmBelowUse: z.boolean().optional(),
  })
  .strict()
export type GpuQuotaInput = z.infer<typeof gpuQuotaSchema>

export const MAX_TOKENS_PER_HOUR = 1_000_000_000_000

export const tokenLimitSchema = z
  .object({
    cluster: clusterName,
    team: teamNameSchema,
    // 0 is a real limit (no tokens); blank is not 0.
    tokensPerHour: requiredNumber(
      z
        .number()
        .int('tokens are whole numbers')
        .min(0, 'cannot be negative')
        .max(MAX_TOKENS_PER_HOUR, 'at most 10^12 tokens per hour'),
      'a whole number is required',
      { numbersOnly: true },
    ),
    /** The team's limit the admin saw (null: no rule yet): the write is conditional on it. */
    from: z.number().int().min(0).max(MAX_TOKENS_PER_HOUR).nullable(),
  })
  .strict()
export type TokenLimitInput = z.infer<typeof tokenLimitSchema>

export const rollbackSchema = z
  .object({
    cluster: clusterName,
    namespace: k8sName,
    name: k8sName,
    revision: requiredNumber(z.number().int().min(1, 'revisions start at 1').max(1_000_000), 'Required.', {
      numbersOnly: true,
    }),
    /** The Deployment's metadata.generation the user saw: the rollback is conditional on its spec. */
    generation: requiredNumber(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), 'Required.', {
      numbersOnly: true,
    }),
  })
  .strict()
export type RollbackInput = z.infer<typeof rollbackSchema>

export const revertSchema = z
  .object({
    auditId: z.string().min(1).max(64),
    /** Asked in the revert dialog when restoring "before" would send a route no traffic. */
    confirmDrain: z.boolean().optional(),
    /** Asked when the restored GPU limit is below what the team uses now. */
    confirmBelowUse: z.boolean().optional(),
  })
  .strict()
