import { z } from 'zod'

/** The Costs page's filters as its URL (and the CSV export's) carry them; unknown values fall back. */

export const DIMENSIONS = ['team', 'model', 'route'] as const
export type Dimension = (typeof DIMENSIONS)[number]
export const RANGES = ['7d', '30d', '90d', 'mtd', 'last-month'] as const

export const costParamsSchema = z.object({
  range: z.enum(RANGES).catch('30d'),
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  grain: z.enum(['day', 'week', 'month']).catch('day'),
  by: z.enum(DIMENSIONS).catch('team'),
  team: z.string().max(128).optional().catch(undefined),
  model: z.string().max(256).optional().catch(undefined),
  route: z.string().max(256).optional().catch(undefined),
  cluster: z.string().max(128).optional().catch(undefined),
})
