import { z } from 'zod'
import {
  GPU_QUERY_KEYS,
  GPU_SORTS,
  GPU_STATES,
  MAX_TEXT,
  param,
  type GpuQuery,
  type GpuQueryParams,
} from './gpu-query-params'

const text = z.string().trim().max(MAX_TEXT).optional().catch(undefined)

/** The GPUs view's URL parameters as the server accepts them (page and /api/fleet/gpus). */
export const gpuQuerySchema = z.object({
  cluster: text,
  product: text,
  pool: text,
  team: text,
  q: text,
  state: z.enum(GPU_STATES).optional().catch(undefined),
  sort: z.enum(GPU_SORTS).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
}) satisfies z.ZodType<GpuQuery>

/** Never throws: unknown values fall back to "no filter" / the default sort. */
export function parseGpuQuery(p: GpuQueryParams): GpuQuery {
  return gpuQuerySchema.parse(Object.fromEntries(GPU_QUERY_KEYS.map((k) => [k, param(p, k)])))
}
