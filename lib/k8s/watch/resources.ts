import { RESOURCE, resourcePath } from '@/lib/k8s/resources'
import type { ResourceKind } from './types'

export interface ResourceDescriptor {
  kind: ResourceKind
  /** Cluster-wide list/watch path. */
  path: string
  /** Keep only the newest N objects (events). */
  maxItems?: number
}

/** What the cache watches, per cluster, cluster-wide; versions as pinned in lib/k8s/resources.ts. */
const watched = (kind: ResourceKind, extra: { maxItems?: number } = {}): ResourceDescriptor => ({
  kind,
  path: resourcePath(RESOURCE[kind]),
  ...extra,
})

export const RESOURCES: Record<ResourceKind, ResourceDescriptor> = {
  nodes: watched('nodes'),
  pods: watched('pods'),
  deployments: watched('deployments'),
  replicasets: watched('replicasets'),
  resourceslices: watched('resourceslices'),
  resourceclaims: watched('resourceclaims'),
  inferencepools: watched('inferencepools'),
  // Optional CRDs: a cluster without them answers 404, which the reflector keeps as "not served".
  inferenceobjectives: watched('inferenceobjectives'),
  xinferenceobjectives: watched('xinferenceobjectives'),
  gateways: watched('gateways'),
  httproutes: watched('httproutes'),
  services: watched('services'),
  referencegrants: watched('referencegrants'),
  resourcequotas: watched('resourcequotas'),
  namespaces: watched('namespaces'),
  events: watched('events', { maxItems: 1000 }),
}

/** Resources each view depends on: its data version changes only when one of them does. */
export const SCOPES = {
  gpus: ['nodes', 'pods', 'resourceslices', 'resourceclaims', 'namespaces'],
  models: [
    'deployments',
    'replicasets',
    'inferencepools',
    'inferenceobjectives',
    'xinferenceobjectives',
    'httproutes',
    'namespaces',
  ],
  routes: [
    'httproutes',
    'inferencepools',
    'inferenceobjectives',
    'xinferenceobjectives',
    'services',
    'referencegrants',
    'namespaces',
  ],
} as const satisfies Record<string, readonly ResourceKind[]>

export type Scope = keyof typeof SCOPES
