import { z } from 'zod'

const text = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined))

/** Audit page filters, from the URL (so a filtered view is a link to share). */
export const auditFilterSchema = z.object({
  user: text,
  team: text,
  cluster: text,
  action: text,
  result: z
    .enum(['applied', 'refused', 'conflict', 'failed', 'intent', 'held', 'reverted'])
    .optional()
    .catch(undefined),
  since: z.enum(['1h', '24h', '7d', '30d', 'all']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})

export type AuditFilter = z.infer<typeof auditFilterSchema>

export const SINCE_MS: Record<string, number> = {
  '1h': 3600e3,
  '24h': 86400e3,
  '7d': 7 * 86400e3,
  '30d': 30 * 86400e3,
}
