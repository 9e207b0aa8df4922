import type { ResourceKind } from './types'

export interface ResourceDescriptor {
  kind: ResourceKind
  /** Cluster-wide list/watch path. */
  path: string
  /** Keep only the newest N objects (events). */
  maxItems?: number
}

/**
 * What the cache watches, per cluster. Versions pinned to what the console reads:
 * resource.k8s.io/v1 (Kubernetes 1.34+), gateway-api v1.6 (v1), inference-extension v1.6 (v1);
 * InferenceObjective llm-d.ai/v1alpha2 (llm-d-router v0.9+) and inference.networking.x-k8s.io/v1alpha2
 * (inference-extension v1.0–v1.5), both optional.
 */
export const RESOURCES: Record<ResourceKind, ResourceDescriptor> = {
  nodes: { kind: 'nodes', path: '/api/v1/nodes' },
  pods: { kind: 'pods', path: '/api/v1/pods' },
  deployments: { kind: 'deployments', path: '/apis/apps/v1/deployments' },
  replicasets: { kind: 'replicasets', path: '/apis/apps/v1/replicasets' },
  resourceslices: { kind: 'resourceslices', path: '/apis/resource.k8s.io/v1/resourceslices' },
  resourceclaims: { kind: 'resourceclaims', path: '/apis/resource.k8s.io/v1/resourceclaims' },
  inferencepools: { kind: 'inferencepools', path: '/apis/inference.networking.k8s.io/v1/inferencepools' },
  // Optional CRDs: a cluster without them answers 404, which the reflector keeps as "not served".
  inferenceobjectives: { kind: 'inferenceobjectives', path: '/apis/llm-d.ai/v1alpha2/inferenceobjectives' },
  xinferenceobjectives: {
    kind: 'xinferenceobjectives',
    path: '/apis/inference.networking.x-k8s.io/v1alpha2/inferenceobjectives',
  },
  gateways: { kind: 'gateways', path: '/apis/gateway.networking.k8s.io/v1/gateways' },
  httproutes: { kind: 'httproutes', path: '/apis/gateway.networking.k8s.io/v1/httproutes' },
  services: { kind: 'services', path: '/api/v1/services' },
  referencegrants: { kind: 'referencegrants', path: '/apis/gateway.networking.k8s.io/v1/referencegrants' },
  resourcequotas: { kind: 'resourcequotas', path: '/api/v1/resourcequotas' },
  namespaces: { kind: 'namespaces', path: '/api/v1/namespaces' },
  events: { kind: 'events', path: '/api/v1/events', maxItems: 1000 },
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
