import 'server-only'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { morePaths } from '@/lib/k8s/paths'
import { projectHTTPRoute, projectReferenceGrant } from '@/lib/k8s/watch/project'
import type { HTTPRouteLite, ReferenceGrantLite } from '@/lib/k8s/watch/types'
import type { HTTPRoute, List, ObjectMeta } from '@/lib/k8s/types'
import {
  resolveBackends,
  stableBackend,
  type BackendLookup,
  type ResolvedBackend,
  type StableChoice,
} from './backends'

/**
 * The backend rule (./backends) over live reads, for actions and triage: the InferencePools and
 * Services of every namespace the rule's backends name, and the ReferenceGrants of the other
 * namespaces, read as the user where one is given (what they cannot read counts as missing).
 */
async function liveLookup(cluster: string, route: HTTPRouteLite, as?: Impersonation): Promise<BackendLookup> {
  const namespaces = new Set(route.rules.flatMap((r) => r.backendRefs.map((b) => b.namespace)))
  const get = <T>(path: string) =>
    k8sRequest<T>(cluster, { method: 'GET', path, ...(as ? { as } : {}) }).then(
      (r) => (r.status === 200 ? r.body : null),
      () => null,
    )
  type Labelled = List<{ metadata: ObjectMeta }>
  const labels = new Map<string, Record<string, string>>()
  const grants = new Map<string, ReferenceGrantLite[]>()
  await Promise.all(
    [...namespaces].map(async (ns) => {
      const [pools, services, refGrants] = await Promise.all([
        get<Labelled>(morePaths.inferencePools(ns)),
        get<Labelled>(morePaths.services(ns)),
        ns === route.namespace ? null : get<List<unknown>>(morePaths.referenceGrants(ns)),
      ])
      for (const o of pools?.items ?? [])
        labels.set(`InferencePool/${ns}/${o.metadata.name}`, o.metadata.labels ?? {})
      for (const o of services?.items ?? [])
        labels.set(`Service/${ns}/${o.metadata.name}`, o.metadata.labels ?? {})
      grants.set(ns, (refGrants?.items ?? []).map(projectReferenceGrant))
    }),
  )
  return {
    labels: (kind, ns, name) => labels.get(`${kind}/${ns}/${name}`) ?? null,
    grants: (ns) => grants.get(ns) ?? [],
  }
}

export interface LiveRule {
  backends: ResolvedBackend[]
  stable: StableChoice
}

/** Every rule of a route as read, resolved by the one backend rule. */
export async function resolveRouteLive(
  cluster: string,
  route: HTTPRoute,
  as?: Impersonation,
): Promise<LiveRule[]> {
  const lite = projectHTTPRoute(route)
  const lookup = await liveLookup(cluster, lite, as)
  return lite.rules.map((rule) => {
    const backends = resolveBackends(lite.namespace, rule.backendRefs, lookup)
    return { backends, stable: stableBackend(backends) }
  })
}
