import 'server-only'
import { clusterNames } from '@/lib/k8s/clusters'
import { k8sRequest } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import { TEAM_LABEL } from '@/lib/k8s/namespace-team'
import { TRACK_LABEL } from '@/lib/k8s/stable-backend'
import type { HTTPRoute, List, ObjectMeta } from '@/lib/k8s/types'

export interface RouteView {
  cluster: string
  namespace: string
  name: string
  team: string | null
  resourceVersion: string
  parents: string[]
  accepted: boolean | null
  resolvedRefs: boolean | null
  rules: { index: number; backends: { name: string; kind: string; weight: number; stable: boolean }[] }[]
}

export interface ClusterRoutes {
  cluster: string
  routes: RouteView[]
  error?: string
}

function condition(route: HTTPRoute, type: string): boolean | null {
  const conds = route.status?.parents?.flatMap((p) => p.conditions ?? []) ?? []
  const c = conds.find((x) => x.type === type)
  return c ? c.status === 'True' : null
}

function toView(
  cluster: string,
  route: HTTPRoute,
  teams: Map<string, string>,
  stable: Set<string>,
): RouteView {
  const ns = route.metadata.namespace ?? 'default'
  return {
    cluster,
    namespace: ns,
    name: route.metadata.name,
    team: teams.get(ns) ?? null,
    resourceVersion: route.metadata.resourceVersion ?? '',
    parents: (route.spec.parentRefs ?? []).map((p) => p.name),
    accepted: condition(route, 'Accepted'),
    resolvedRefs: condition(route, 'ResolvedRefs'),
    rules: (route.spec.rules ?? []).map((r, index) => ({
      index,
      backends: (r.backendRefs ?? []).map((b) => ({
        name: b.name,
        kind: b.kind ?? 'Service',
        weight: b.weight ?? 1,
        stable: stable.has(`${ns}/${b.kind ?? 'Service'}/${b.name}`),
      })),
    })),
  }
}

/** HTTPRoutes of every cluster; a cluster that fails is reported, the others still answer. */
export async function listRoutes(only?: string): Promise<ClusterRoutes[]> {
  const names = clusterNames().filter((c) => !only || c === only)
  return Promise.all(
    names.map(async (cluster): Promise<ClusterRoutes> => {
      try {
        const [routes, namespaces, pools] = await Promise.all([
          k8sRequest<List<HTTPRoute>>(cluster, { method: 'GET', path: paths.httpRoutes() }),
          k8sRequest<List<{ metadata: ObjectMeta }>>(cluster, { method: 'GET', path: '/api/v1/namespaces' }),
          k8sRequest<List<{ metadata: ObjectMeta }>>(cluster, {
            method: 'GET',
            path: '/apis/inference.networking.k8s.io/v1/inferencepools',
          }),
        ])
        if (routes.status !== 200)
          return { cluster, routes: [], error: `HTTP ${routes.status} listing HTTPRoutes` }
        const teams = new Map<string, string>()
        if (namespaces.status === 200) {
          for (const n of namespaces.body.items) {
            const t = n.metadata.labels?.[TEAM_LABEL]
            if (t) teams.set(n.metadata.name, t)
          }
        }
        const stable = new Set<string>()
        if (pools.status === 200) {
          for (const p of pools.body.items) {
            if (p.metadata.labels?.[TRACK_LABEL] === 'stable')
              stable.add(`${p.metadata.namespace}/InferencePool/${p.metadata.name}`)
          }
        }
        const views = routes.body.items.map((r) => toView(cluster, r, teams, stable))
        views.sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
        return { cluster, routes: views }
      } catch (e) {
        return { cluster, routes: [], error: e instanceof Error ? e.message : 'unreachable' }
      }
    }),
  )
}
