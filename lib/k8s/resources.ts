/**
 * Every Kubernetes resource the console reads or writes, in one table: the watch cache
 * (./watch/resources.ts) and every request path (./paths.ts) are built from it, so a version bump
 * is one line. Versions pinned to what the console reads: resource.k8s.io/v1 (Kubernetes 1.34+),
 * gateway-api v1.6 (v1), inference-extension v1.6 (v1); InferenceObjective llm-d.ai/v1alpha2
 * (llm-d-router v0.9+) and inference.networking.x-k8s.io/v1alpha2 (inference-extension v1.0–v1.5),
 * both optional; Envoy Gateway's BackendTrafficPolicy v1alpha1.
 */
export interface ResourceType {
  /** '' for the core group, served under /api rather than /apis. */
  group: string
  version: string
  plural: string
  namespaced: boolean
}

const core = (plural: string, namespaced: boolean): ResourceType => ({
  group: '',
  version: 'v1',
  plural,
  namespaced,
})
const ns = (group: string, version: string, plural: string): ResourceType => ({
  group,
  version,
  plural,
  namespaced: true,
})

export const RESOURCE = {
  nodes: core('nodes', false),
  namespaces: core('namespaces', false),
  pods: core('pods', true),
  services: core('services', true),
  events: core('events', true),
  resourcequotas: core('resourcequotas', true),
  deployments: ns('apps', 'v1', 'deployments'),
  replicasets: ns('apps', 'v1', 'replicasets'),
  resourceslices: { group: 'resource.k8s.io', version: 'v1', plural: 'resourceslices', namespaced: false },
  resourceclaims: ns('resource.k8s.io', 'v1', 'resourceclaims'),
  inferencepools: ns('inference.networking.k8s.io', 'v1', 'inferencepools'),
  inferenceobjectives: ns('llm-d.ai', 'v1alpha2', 'inferenceobjectives'),
  xinferenceobjectives: ns('inference.networking.x-k8s.io', 'v1alpha2', 'inferenceobjectives'),
  gateways: ns('gateway.networking.k8s.io', 'v1', 'gateways'),
  httproutes: ns('gateway.networking.k8s.io', 'v1', 'httproutes'),
  referencegrants: ns('gateway.networking.k8s.io', 'v1', 'referencegrants'),
  backendtrafficpolicies: ns('gateway.envoyproxy.io', 'v1alpha1', 'backendtrafficpolicies'),
} as const satisfies Record<string, ResourceType>

/** "v1" or "group/version", as objects of the resource carry it. */
export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version
}

/**
 * The request path of a resource: the cluster-wide collection without a namespace, one namespace's
 * collection with it, one object with a name too; a label selector as the list query.
 */
export function resourcePath(
  r: ResourceType,
  at: { namespace?: string; name?: string; labelSelector?: string } = {},
): string {
  const enc = encodeURIComponent
  let path = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`
  if (r.namespaced && at.namespace !== undefined) path += `/namespaces/${enc(at.namespace)}`
  path += `/${r.plural}`
  if (at.name !== undefined) path += `/${enc(at.name)}`
  if (at.labelSelector !== undefined) path += `?labelSelector=${enc(at.labelSelector)}`
  return path
}
