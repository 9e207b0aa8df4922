import type { ManagedFieldsEntry, OwnerReference } from './ownership'

/** The subset of upstream objects the console reads; fields per gateway-api v1.6 and inference-extension v1.6. */
export interface ObjectMeta {
  name: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** read by lib/k8s/ownership.ts to know who else writes the object */
  ownerReferences?: OwnerReference[]
  managedFields?: ManagedFieldsEntry[]
}

export interface BackendRef {
  group?: string
  kind?: string
  name: string
  namespace?: string
  port?: number
  weight?: number
}

export interface HTTPRouteRule {
  name?: string
  backendRefs?: BackendRef[]
  matches?: unknown[]
}

export interface Condition {
  type: string
  status: 'True' | 'False' | 'Unknown'
  reason?: string
  message?: string
  lastTransitionTime?: string
}

export interface HTTPRoute {
  apiVersion: string
  kind: 'HTTPRoute'
  metadata: ObjectMeta
  spec: { parentRefs?: { name: string; namespace?: string }[]; hostnames?: string[]; rules?: HTTPRouteRule[] }
  status?: { parents?: { parentRef: { name: string }; conditions?: Condition[] }[] }
}

export interface List<T> {
  metadata: { resourceVersion?: string; continue?: string }
  items: T[]
}
