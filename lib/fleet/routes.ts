/**
 * The Routes view from the watch cache: every HTTPRoute of every cluster with its rules labelled by
 * what they match and its backends resolved by the one backend rule (./backends), then filtered and
 * paged on the server so a fleet of thousands of routes sends one page. Pure.
 */
import type {
  ClusterStatus,
  HTTPRouteLite,
  HTTPRouteRuleLite,
  OwnerLite,
  ReferenceGrantLite,
} from '@/lib/k8s/watch/types'
import { resolveBackends, stableBackend, type BackendLookup, type ResolvedBackend } from './backends'
import { objectivesByPool, type PoolObjective } from './objectives'
import type { FleetCluster } from './types'

export const ROUTES_PAGE_SIZE = 50

export interface RouteBackend extends ResolvedBackend {
  /** The InferencePool's objectives, highest priority first; null for any other backend */
  objectives: PoolObjective[] | null
}

export interface RouteRuleRow {
  index: number
  /** The rule's name, else its matches in one line, else "all requests" */
  label: string
  named: boolean
  matches: string[]
  filters: string[]
  timeouts: string | null
  /** Every backend has weight 0: the rule sends no traffic */
  drained: boolean
  backends: RouteBackend[]
  /** The stable backend's name for a shift, or why there is none */
  stable: { name: string } | { reason: string }
}

export interface RouteRow {
  /** cluster/namespace/name */
  key: string
  cluster: string
  namespace: string
  name: string
  team: string | null
  parents: string[]
  hostnames: string[]
  accepted: boolean | null
  resolvedRefs: boolean | null
  /** False when the cluster has no InferenceObjective API */
  objectivesServed: boolean
  /** who else writes the weights (Argo CD, Flux, Argo Rollouts, kubectl apply …); null when unknown */
  owner: OwnerLite | null
  rules: RouteRuleRow[]
}

export interface RouteQuery {
  cluster?: string
  namespace?: string
  /** substring of namespace/name */
  q?: string
  page: number
}

export interface RoutesView {
  version: number
  clusters: ClusterStatus[]
  rows: RouteRow[]
  /** routes in scope before the namespace/name filter */
  total: number
  matching: number
  page: number
  pages: number
  namespaces: string[]
}

export function ruleLabel(rule: HTTPRouteRuleLite): { label: string; named: boolean } {
  if (rule.name) return { label: rule.name, named: true }
  const m = (rule.matches ?? []).filter(Boolean)
  return { label: m.length > 0 ? m.join(' | ') : 'all requests', named: false }
}

function lookupFor(c: FleetCluster): BackendLookup {
  const pools = new Map<string, Record<string, string>>()
  for (const p of c.inferencepools) pools.set(`${p.namespace}/${p.name}`, p.labels)
  const services = new Map<string, Record<string, string>>()
  for (const s of c.services ?? []) services.set(`${s.namespace}/${s.name}`, s.labels)
  const grants = new Map<string, ReferenceGrantLite[]>()
  for (const g of c.referencegrants ?? []) {
    const l = grants.get(g.namespace) ?? []
    l.push(g)
    grants.set(g.namespace, l)
  }
  return {
    labels: (kind, ns, name) => (kind === 'InferencePool' ? pools : services).get(`${ns}/${name}`) ?? null,
    grants: (ns) => grants.get(ns) ?? [],
  }
}

interface ClusterContext {
  cluster: string
  lookup: BackendLookup
  objectives: Map<string, PoolObjective[]>
  objectivesServed: boolean
}

function toRow(r: HTTPRouteLite, team: string | null, ctx: ClusterContext): RouteRow {
  const { cluster, lookup } = ctx
  return {
    key: `${cluster}/${r.namespace}/${r.name}`,
    cluster,
    namespace: r.namespace,
    name: r.name,
    team,
    parents: r.parents,
    hostnames: r.hostnames ?? [],
    accepted: r.accepted ?? null,
    resolvedRefs: r.resolvedRefs ?? null,
    objectivesServed: ctx.objectivesServed,
    owner: r.owner ?? null,
    rules: r.rules.map((rule, index) => {
      const resolved = resolveBackends(r.namespace, rule.backendRefs, lookup)
      const choice = stableBackend(resolved)
      const backends = resolved.map((b): RouteBackend => ({
        ...b,
        objectives:
          b.kind === 'InferencePool' && b.state === 'ok'
            ? (ctx.objectives.get(`${b.namespace}/${b.name}`) ?? [])
            : null,
      }))
      return {
        index,
        ...ruleLabel(rule),
        matches: rule.matches ?? [],
        filters: rule.filters ?? [],
        timeouts: rule.timeouts ?? null,
        drained: backends.length > 0 && backends.every((b) => b.weight === 0),
        backends,
        stable: choice.index === null ? { reason: choice.reason } : { name: choice.backend.name },
      }
    }),
  }
}

/** Every route of the fleet, sorted by cluster, namespace, name (rebuilt when routes' inputs change). */
export function buildRouteRows(fleet: readonly FleetCluster[]): RouteRow[] {
  const rows: RouteRow[] = []
  for (const c of fleet) {
    const teams = new Map<string, string>()
    for (const ns of c.namespaces) if (ns.team) teams.set(ns.name, ns.team)
    const ctx: ClusterContext = {
      cluster: c.name,
      lookup: lookupFor(c),
      objectives: objectivesByPool(c.inferenceobjectives ?? []),
      objectivesServed: c.objectivesServed ?? true,
    }
    for (const r of c.httproutes) rows.push(toRow(r, teams.get(r.namespace) ?? null, ctx))
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

export function queryRoutes(
  all: readonly RouteRow[],
  q: RouteQuery,
  size = ROUTES_PAGE_SIZE,
): Pick<RoutesView, 'rows' | 'total' | 'matching' | 'page' | 'pages' | 'namespaces'> {
  const scoped = q.cluster ? all.filter((r) => r.cluster === q.cluster) : all
  const namespaces = [...new Set(scoped.map((r) => r.namespace))].sort()
  const needle = q.q?.toLowerCase()
  const matching = scoped.filter(
    (r) =>
      (!q.namespace || r.namespace === q.namespace) &&
      (!needle || `${r.namespace}/${r.name}`.toLowerCase().includes(needle)),
  )
  const pages = Math.max(1, Math.ceil(matching.length / size))
  const page = Math.min(Math.max(1, q.page), pages)
  return {
    rows: matching.slice((page - 1) * size, page * size),
    total: scoped.length,
    matching: matching.length,
    page,
    pages,
    namespaces,
  }
}
