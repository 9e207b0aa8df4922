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
 * resource.k8s.io/v1 (Kubernetes 1.34+), gateway-api v1.6 (v1), inference-extension v1.6 (v1).
 */
export const RESOURCES: Record<ResourceKind, ResourceDescriptor> = {
  nodes: { kind: 'nodes', path: '/api/v1/nodes' },
  pods: { kind: 'pods', path: '/api/v1/pods' },
  deployments: { kind: 'deployments', path: '/apis/apps/v1/deployments' },
  replicasets: { kind: 'replicasets', path: '/apis/apps/v1/replicasets' },
  resourceslices: { kind: 'resourceslices', path: '/apis/resource.k8s.io/v1/resourceslices' },
  resourceclaims: { kind: 'resourceclaims', path: '/apis/resource.k8s.io/v1/resourceclaims' },
  inferencepools: { kind: 'inferencepools', path: '/apis/inference.networking.k8s.io/v1/inferencepools' },
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
  models: ['deployments', 'replicasets', 'inferencepools', 'httproutes', 'namespaces'],
  routes: ['httproutes', 'inferencepools', 'services', 'referencegrants', 'namespaces'],
} as const satisfies Record<string, readonly ResourceKind[]>

export type Scope = keyof typeof SCOPES
