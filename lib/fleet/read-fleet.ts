import 'server-only'
import { watchCache } from '@/lib/k8s/watch/cache'
import type { ClusterStatus } from '@/lib/k8s/watch/types'
import { gpuQueryString, type GpuQuery } from '@/lib/validations/gpu-query-params'
import { facets, filterRows, sortRows } from './gpu-query'
import { buildInventory, buildNodeDetail, withUtilisation } from './inventory'
import { buildModels, filterModels, type ModelGroup, type ModelQuery } from './models'
import { modelQueryString } from './model-query'
import { routeQueryString } from './route-query'
import { buildRouteRows, queryRoutes, type RouteQuery, type RouteRow, type RoutesView } from './routes'
import { saturationView } from './saturation'
import { servedSharesOf } from './served-share'
import type { ServedBackend } from './served-share-math'
import { summarize } from './summary'
import type { GpuView, Inventory, ModelsView, NodeDetail } from './types'
import { utilisationGeneration, utilisationSnapshot } from './utilisation'
import type { WatchCache } from '@/lib/k8s/watch/cache'

export type { GpuView, ModelsView } from './types'

/**
 * How long after the cache started a request may wait for its initial lists before rendering what
 * it has. Only the first requests wait: a cluster that never syncs must not slow every page down.
 */
const FIRST_SYNC_WAIT_MS = 10_000

interface Memo<T> {
  version: number
  value: T
}

interface Memos {
  /** The inventory as the clusters describe it (no utilisation): rebuilt when objects change. */
  base?: Memo<Inventory>
  /** The base with utilisation laid over it, per gpusVersion(). */
  gpus?: Memo<Inventory>
  models?: Memo<ModelGroup[]>
  routes?: Memo<RouteRow[]>
  /** Finished views per query string, valid while the version holds (many users, same links). */
  views: Map<string, { version: number; value: unknown }>
}

const g = globalThis as unknown as { aireFleetMemos?: Memos }
const memo: Memos = (g.aireFleetMemos ??= { views: new Map() })
const MAX_VIEWS = 200

/** The value for `key` computed at `version`, or a fresh one (kept for the next caller). */
export function memoView<T>(key: string, version: number, compute: () => T): T {
  const hit = memo.views.get(key)
  if (hit && hit.version === version) return hit.value as T
  const value = compute()
  memo.views.delete(key)
  memo.views.set(key, { version, value })
  if (memo.views.size > MAX_VIEWS) memo.views.delete(memo.views.keys().next().value!)
  return value
}

async function ready() {
  const cache = watchCache()
  const left = FIRST_SYNC_WAIT_MS - (Date.now() - cache.startedAt)
  if (left > 0) await cache.whenSynced({ timeoutMs: left })
  return cache
}

/**
 * The version of everything the GPU views show: cluster objects and utilisation. Both counters only
 * grow, so their sum moves exactly when either does (what the live pages compare).
 */
export function gpusVersion(cache: WatchCache, generation = utilisationGeneration()): number {
  return cache.scopeVersion('gpus') + generation
}

/**
 * The whole inventory, rebuilt only when nodes, pods, slices, claims or namespaces changed; fresh
 * utilisation is laid over it (a copy of the rows, not a rebuild).
 */
export async function inventory(): Promise<{ inv: Inventory; version: number; clusters: ClusterStatus[] }> {
  const cache = await ready()
  const util = await utilisationSnapshot()
  const objects = cache.scopeVersion('gpus')
  if (!memo.base || memo.base.version !== objects) {
    memo.base = { version: objects, value: buildInventory(cache.fleet()) }
  }
  const version = gpusVersion(cache, util?.generation ?? utilisationGeneration())
  let m = memo.gpus
  if (!m || m.version !== version) {
    m = { version, value: withUtilisation(memo.base.value, util?.nodes ?? null) }
    memo.gpus = m
  }
  return { inv: m.value, version, clusters: cache.clusterStatuses() }
}

export async function gpuView(q: GpuQuery): Promise<GpuView> {
  const { inv, version, clusters } = await inventory()
  return memoView(`gpus?${gpuQueryString(q)}`, version, () => {
    const scoped = q.cluster ? inv.nodes.filter((r) => r.cluster === q.cluster) : inv.nodes
    const pending = q.cluster ? inv.pending.filter((p) => p.cluster === q.cluster) : inv.pending
    return {
      version,
      clusters: q.cluster ? clusters.filter((c) => c.cluster === q.cluster) : clusters,
      summary: summarize(scoped, pending),
      facets: facets(scoped),
      rows: sortRows(filterRows(scoped, q), q),
      pending: q.team ? pending.filter((p) => p.team === q.team) : pending,
      totalRows: scoped.length,
    }
  })
}

export async function nodeDetail(cluster: string, node: string): Promise<NodeDetail | null> {
  const cache = await ready()
  const [c] = cache.fleet(cluster)
  if (!c || c.name !== cluster) return null
  return buildNodeDetail(c, node, (await utilisationSnapshot())?.nodes)
}

export async function modelsView(q: ModelQuery): Promise<ModelsView> {
  const cache = await ready()
  const version = cache.scopeVersion('models')
  let m = memo.models
  if (!m || m.version !== version) {
    m = { version, value: buildModels(cache.fleet()) }
    memo.models = m
  }
  const groups = m.value
  return memoView(`models?${modelQueryString(q)}`, version, () => {
    const clusters = cache.clusterStatuses()
    return {
      version,
      clusters: q.cluster ? clusters.filter((c) => c.cluster === q.cluster) : clusters,
      models: filterModels(groups, q),
      teams: [...new Set(groups.flatMap((x) => x.teams))].sort() as string[],
    }
  })
}

/**
 * The Models page's view: the deployments with each pool's saturation beside them. The saturation
 * rides outside the memo: it moves with time, not with the cluster objects' version.
 */
export async function modelsPageView(q: ModelQuery): Promise<ModelsView> {
  const [view, saturation] = await Promise.all([modelsView(q), saturationView()])
  return { ...view, saturation, served: await servedOfModels(view) }
}

/** Served shares of the routes in front of the versions shown, keyed as ModelsView.served says. */
async function servedOfModels(view: ModelsView): Promise<Record<string, ServedBackend>> {
  const cache = await ready()
  const wanted = new Set(
    view.models.flatMap((g) => g.versions.flatMap((v) => v.traffic.map((t) => `${v.cluster}/${t.route}`))),
  )
  const rows = routeRows(cache).filter((r) => wanted.has(r.key))
  const { byRoute } = await servedSharesOf(rows)
  const out: Record<string, ServedBackend> = {}
  for (const r of rows)
    byRoute.get(r.key)?.forEach((rule, i) => {
      if (rule.status !== 'ok') return
      r.rules[i]?.backends.forEach((b, j) => {
        const s = rule.backends[j]
        if (s) out[`${r.key}#${r.rules[i]!.index}/${b.name}`] = s
      })
    })
  return out
}

function routeRows(cache: Awaited<ReturnType<typeof ready>>) {
  const version = cache.scopeVersion('routes')
  let m = memo.routes
  if (!m || m.version !== version) {
    m = { version, value: buildRouteRows(cache.fleet()) }
    memo.routes = m
  }
  return m.value
}

/**
 * The Routes view from the watch cache: rows rebuilt only when routes, pools, services, grants or
 * namespaces change; a cluster that is down keeps its last-known routes (its status says since when).
 */
export async function routesView(q: RouteQuery): Promise<RoutesView & { at: number }> {
  const cache = await ready()
  const version = cache.scopeVersion('routes')
  const rows = routeRows(cache)
  const view = memoView(`routes?${routeQueryString(q)}`, version, () => {
    const clusters = cache.clusterStatuses()
    return {
      version,
      clusters: q.cluster ? clusters.filter((c) => c.cluster === q.cluster) : clusters,
      ...queryRoutes(rows, q),
    }
  })
  return { ...view, at: Date.now() }
}
