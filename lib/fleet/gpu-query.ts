import { hasSchedulableIdle } from './inventory'
import { cmp } from './compare'
import type { GpuQuery } from '@/lib/validations/gpu-query-params'
import type { GpuFacets, GpuNodeRow } from './types'

/** Filtering, sorting and facets of the GPUs view (its URL model: lib/validations/gpu-query-params.ts). */

export function matchesState(r: GpuNodeRow, state: GpuQuery['state']): boolean {
  switch (state) {
    case undefined:
      return true
    case 'idle':
      return hasSchedulableIdle(r)
    case 'allocated':
      return r.allocated > 0 || r.mig.some((m) => m.allocated > 0)
    case 'wasted':
      return r.allocatedButIdle
    case 'cordoned':
      return r.cordoned
    case 'notready':
      return r.notReady
    default:
      return r.state === state
  }
}

export function filterRows(rows: readonly GpuNodeRow[], q: GpuQuery): GpuNodeRow[] {
  const needle = q.q?.toLowerCase()
  return rows.filter(
    (r) =>
      (!q.cluster || r.cluster === q.cluster) &&
      (!q.product || r.product === q.product) &&
      (!q.pool || r.pool === q.pool) &&
      (!q.team || r.teams.includes(q.team)) &&
      (!needle || r.name.toLowerCase().includes(needle)) &&
      matchesState(r, q.state),
  )
}

function sortValue(r: GpuNodeRow, sort: GpuQuery['sort']): number | string {
  switch (sort) {
    case 'idle':
      return r.idle
    case 'allocated':
      return r.allocated
    case 'total':
      return r.total
    case 'utilisation':
      return r.utilisation ?? -1
    case 'product':
      return r.product
    default:
      return r.name
  }
}

/** Grouped cluster → pool, the chosen sort inside each pool (ties by name). */
export function sortRows(rows: readonly GpuNodeRow[], q: Pick<GpuQuery, 'sort' | 'dir'>): GpuNodeRow[] {
  const sign = q.dir === 'desc' ? -1 : 1
  return [...rows].sort((a, b) => {
    const g = cmp(a.cluster, b.cluster) || cmp(a.pool, b.pool)
    if (g) return g
    const va = sortValue(a, q.sort)
    const vb = sortValue(b, q.sort)
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : cmp(String(va), String(vb))
    return c * sign || cmp(a.name, b.name)
  })
}

export type { GpuFacets } from './types'

export function facets(rows: readonly GpuNodeRow[]): GpuFacets {
  const c = new Set<string>()
  const p = new Set<string>()
  const pl = new Set<string>()
  const t = new Set<string>()
  for (const r of rows) {
    c.add(r.cluster)
    p.add(r.product)
    pl.add(r.pool)
    for (const team of r.teams) t.add(team)
  }
  const sorted = (s: Set<string>) => [...s].sort()
  return { clusters: sorted(c), products: sorted(p), pools: sorted(pl), teams: sorted(t) }
}
