export const GPU_STATES = ['idle', 'allocated', 'wasted', 'full', 'cordoned', 'notready', 'nogpu'] as const
export const GPU_SORTS = ['name', 'idle', 'allocated', 'total', 'utilisation', 'product'] as const
export type GpuState = (typeof GPU_STATES)[number]
export type GpuSort = (typeof GPU_SORTS)[number]

/**
 * Filters and sort of the GPUs view; lives in the URL so a link reproduces the view. The server
 * validates it with zod (gpu-query.ts); the browser reads it with readGpuQuery, which
 * gives the same answer (a property test checks) without shipping zod (~30 kB gzip) to the page.
 */
export interface GpuQuery {
  cluster?: string | undefined
  product?: string | undefined
  pool?: string | undefined
  team?: string | undefined
  q?: string | undefined
  state?: GpuState | undefined
  sort: GpuSort
  dir: 'asc' | 'desc'
}

export type GpuQueryParams = URLSearchParams | Record<string, string | string[] | undefined>

export const GPU_QUERY_KEYS = ['cluster', 'product', 'pool', 'team', 'q', 'state', 'sort', 'dir'] as const
export const MAX_TEXT = 253

/** A parameter's first value; empty means absent. */
export function param(p: GpuQueryParams, k: string): string | undefined {
  const v = p instanceof URLSearchParams ? (p.get(k) ?? undefined) : p[k]
  const s = Array.isArray(v) ? v[0] : v
  return s === '' ? undefined : s
}

function text(v: string | undefined): string | undefined {
  const t = v?.trim()
  return t !== undefined && t.length <= MAX_TEXT ? t : undefined
}

function oneOf<T extends string>(values: readonly T[], v: string | undefined): T | undefined {
  return (values as readonly string[]).includes(v ?? '') ? (v as T) : undefined
}

/** The browser's reading of the URL (see GpuQuery). Never throws: unknown values are dropped. */
export function readGpuQuery(p: GpuQueryParams): GpuQuery {
  return {
    cluster: text(param(p, 'cluster')),
    product: text(param(p, 'product')),
    pool: text(param(p, 'pool')),
    team: text(param(p, 'team')),
    q: text(param(p, 'q')),
    state: oneOf(GPU_STATES, param(p, 'state')),
    sort: oneOf(GPU_SORTS, param(p, 'sort')) ?? 'name',
    dir: oneOf(['asc', 'desc'] as const, param(p, 'dir')) ?? 'asc',
  }
}

/** The query as URL parameters, defaults omitted (short, stable links). */
export function gpuQueryString(q: Partial<GpuQuery>): string {
  const out = new URLSearchParams()
  for (const k of ['cluster', 'product', 'pool', 'team', 'state', 'q'] as const) {
    const v = q[k]
    if (v) out.set(k, v)
  }
  if (q.sort && q.sort !== 'name') out.set('sort', q.sort)
  if (q.dir && q.dir !== 'asc') out.set('dir', q.dir)
  return out.toString()
}
