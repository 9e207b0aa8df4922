import { z } from 'zod'
import { clusterName, k8sName } from '@/lib/validations/route-ref'
import { gpuQuantitySchema } from '@/lib/validations/quantity'
import { MAX_TOKENS_PER_HOUR } from '@/lib/validations/quota'
import { teamNameSchema } from '@/lib/validations/team'

const reason = z.string().trim().min(5, 'say briefly why (at least 5 characters)').max(1000)

/** Money with at most two decimals, as typed by a person. */
export const moneySchema = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,2})?$/, 'an amount with at most two decimals, e.g. 12500 or 12500.50')

export const quotaRequestSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('gpu'),
      team: teamNameSchema,
      cluster: clusterName,
      namespace: k8sName,
      requested: gpuQuantitySchema,
      reason,
    })
    .strict(),
  z
    .object({
      kind: z.literal('tokens'),
      team: teamNameSchema,
      cluster: clusterName,
      requested: z
        .string()
        .trim()
        .regex(/^\d{1,13}$/, 'a whole number of tokens per hour')
        .refine((s) => Number(s) <= MAX_TOKENS_PER_HOUR, 'at most 10^12'),
      reason,
    })
    .strict(),
  z.object({ kind: z.literal('budget'), team: teamNameSchema, requested: moneySchema, reason }).strict(),
])
export type QuotaRequestInput = z.infer<typeof quotaRequestSchema>

export const decideRequestSchema = z
  .object({
    id: z.string().min(1).max(64),
    decision: z.enum(['approve', 'decline']),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .refine((v) => v.decision === 'approve' || (v.note && v.note.length >= 3), {
    message: 'Say why the request is declined.',
    path: ['note'],
  })

export const createTeamSchema = z
  .object({
    name: teamNameSchema,
    displayName: z.string().trim().min(1).max(80),
    namespaces: z
      .array(z.object({ cluster: clusterName, namespace: k8sName }).strict())
      .max(20)
      .default([]),
  })
  .strict()

export const renameTeamSchema = z
  .object({ name: teamNameSchema, displayName: z.string().trim().min(1).max(80) })
  .strict()

export const mapGroupSchema = z
  .object({
    group: z.string().trim().min(1).max(200),
    team: teamNameSchema.optional(),
    role: z.enum(['viewer', 'operator', 'admin']),
  })
  .strict()
  .refine((v) => v.role === 'admin' || Boolean(v.team), {
    message: 'Pick the team this group operates or views.',
    path: ['team'],
  })

export const assignNamespaceSchema = z
  .object({ team: teamNameSchema, cluster: clusterName, namespace: k8sName })
  .strict()
