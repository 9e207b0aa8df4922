/**
 * One rule for an HTTPRoute's backends, shared by the Routes page (from the watch cache) and the
 * shift-to-stable action (from live reads as the user): which object a backendRef names (group,
 * kind, namespace, name), whether the route may reference it (a cross-namespace ref needs a
 * ReferenceGrant in the backend's namespace), and which one backend is "stable" (its InferencePool
 * or Service carries aire.dev/track=stable). Pure.
 */
import type { BackendRefLite, ReferenceGrantLite } from '@/lib/k8s/watch/types'
import { LABEL } from '@/lib/k8s/labels'

export const POOL_GROUP = 'inference.networking.k8s.io'
const ROUTE_GROUP = 'gateway.networking.k8s.io'

/** What the rule needs to know about the objects a route's backends name. */
export interface BackendLookup {
  /** Labels of the InferencePool or Service, null when it does not exist (or is not readable). */
  labels(kind: 'InferencePool' | 'Service', namespace: string, name: string): Record<string, string> | null
  /** ReferenceGrants in a namespace. */
  grants(namespace: string): Iterable<ReferenceGrantLite>
}

export type BackendState = 'ok' | 'missing' | 'not_permitted' | 'unsupported'

export interface ResolvedBackend {
  /** group/kind/namespace/name: unique within a rule, for keys and for matching */
  key: string
  group: string
  kind: string
  namespace: string
  name: string
  weight: number
  port: number | null
  state: BackendState
  /** A sentence for anything but ok */
  problem: string | null
  stable: boolean
}

function supported(b: BackendRefLite): 'InferencePool' | 'Service' | null {
  if (b.kind === 'Service' && (b.group === '' || b.group === 'core')) return 'Service'
  if (b.kind === 'InferencePool' && b.group === POOL_GROUP) return 'InferencePool'
  return null
}

/** Gateway API: a ref into another namespace is allowed only by a ReferenceGrant there. */
export function permitted(routeNamespace: string, b: BackendRefLite, lookup: BackendLookup): boolean {
  if (b.namespace === routeNamespace) return true
  for (const g of lookup.grants(b.namespace)) {
    const from = g.from.some(
      (f) => f.group === ROUTE_GROUP && f.kind === 'HTTPRoute' && f.namespace === routeNamespace,
    )
    const to = g.to.some(
      (t) =>
        (t.group || '') === (b.group || '') && t.kind === b.kind && (t.name === null || t.name === b.name),
    )
    if (from && to) return true
  }
  return false
}

export function backendKey(b: Pick<BackendRefLite, 'group' | 'kind' | 'namespace' | 'name'>): string {
  return `${b.group || 'core'}/${b.kind}/${b.namespace}/${b.name}`
}

export function resolveBackends(
  routeNamespace: string,
  refs: readonly BackendRefLite[],
  lookup: BackendLookup,
): ResolvedBackend[] {
  return refs.map((b) => {
    const base = {
      key: backendKey(b),
      group: b.group,
      kind: b.kind,
      namespace: b.namespace,
      name: b.name,
      weight: b.weight,
      port: b.port ?? null,
    }
    const kind = supported(b)
    if (!kind)
      return {
        ...base,
        state: 'unsupported' as const,
        problem: `${b.kind} backends are not resolved here`,
        stable: false,
      }
    if (!permitted(routeNamespace, b, lookup))
      return {
        ...base,
        state: 'not_permitted' as const,
        problem: `not permitted (no ReferenceGrant in ${b.namespace} for HTTPRoutes of ${routeNamespace})`,
        stable: false,
      }
    const labels = lookup.labels(kind, b.namespace, b.name)
    if (!labels)
      return {
        ...base,
        state: 'missing' as const,
        problem: `${kind} ${b.namespace}/${b.name} not found`,
        stable: false,
      }
    return { ...base, state: 'ok' as const, problem: null, stable: labels[LABEL.track] === 'stable' }
  })
}

export type StableChoice = { index: number; backend: ResolvedBackend } | { index: null; reason: string }

/** The one backend a shift to stable sends traffic to: exactly one permitted backend marked stable. */
export function stableBackend(backends: readonly ResolvedBackend[]): StableChoice {
  const marked = backends.map((b, index) => ({ b, index })).filter((x) => x.b.stable)
  if (marked.length === 1) return { index: marked[0]!.index, backend: marked[0]!.b }
  if (marked.length === 0)
    return {
      index: null,
      reason: `No backend of this rule is marked stable. Label its stable InferencePool or Service ${LABEL.track}=stable.`,
    }
  return {
    index: null,
    reason: `More than one backend is marked stable (${marked.map((m) => m.b.key).join(', ')}).`,
  }
}
