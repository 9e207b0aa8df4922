import type { Ownership } from '@/lib/k8s/ownership'

/**
 * Compact projections the watch cache keeps instead of whole objects (a Pod is ~2 KiB of JSON;
 * its projection a few hundred bytes), so 50,000 pods and 5,000 nodes fit in the memory target.
 * Pure types: shared by the cache (server), lib/fleet (pure) and the pages.
 */

/** Resource quantities we care about (GPUs, MIG slices, DRA device classes), as numbers. */
export type Quantities = Record<string, number>

export interface NodeLite {
  name: string
  /** Only the labels the fleet views read (pool, GPU Feature Discovery, zone). */
  labels: Record<string, string>
  unschedulable: boolean
  /** Ready condition; null when the node has not reported one. */
  ready: boolean | null
  capacity: Quantities
  allocatable: Quantities
  createdAt: string | null
}

export interface OwnerRef {
  kind: string
  name: string
}

export interface PodLite {
  namespace: string
  name: string
  node: string | null
  phase: string
  ready: boolean
  deleting: boolean
  /** Effective requests of GPU-like resources (requests, else limits; init containers per the scheduler). */
  gpu: Quantities
  /** Names of the ResourceClaims the pod uses (DRA). */
  claims: string[]
  model: string | null
  version: string | null
  track: string | null
  team: string | null
  component: string | null
  owner: OwnerRef | null
  /** PodScheduled=False reason and message, for Pending pods. */
  unschedulable: string | null
  createdAt: string | null
}

export interface ContainerLite {
  name: string
  image: string
  command: string[]
  args: string[]
}

export interface ConditionLite {
  type: string
  status: string
  reason: string | null
  message: string | null
}

export interface DeploymentLite {
  namespace: string
  name: string
  uid: string
  labels: Record<string, string>
  selector: Record<string, string>
  /** Labels of the pod template (what an InferencePool selector matches). */
  templateLabels: Record<string, string>
  generation: number
  observedGeneration: number
  paused: boolean
  replicas: number
  status: { replicas: number; ready: number; updated: number; available: number; unavailable: number }
  conditions: ConditionLite[]
  containers: ContainerLite[]
  /** GPU-like requests of one replica. */
  gpuPerReplica: Quantities
  /** DRA claims (templates) one replica uses. */
  claimTemplates: number
  revision: string | null
  createdAt: string | null
  /** who owns the pod template (lib/k8s/ownership.ts): a rollback must know before it writes */
  owner?: OwnerLite
}

/** An object's owner for the field the console writes, as the pages show it. */
export type OwnerLite = Pick<Ownership, 'kind' | 'label' | 'manager' | 'consequence' | 'write'>

export interface ReplicaSetLite {
  namespace: string
  name: string
  /** Controller owner, usually the Deployment. */
  owner: OwnerRef | null
  ownerUid: string | null
  revision: string | null
  changeCause: string | null
  replicas: number
  ready: number
  containers: ContainerLite[]
  createdAt: string | null
}

export interface DraDeviceLite {
  name: string
  productName: string | null
  uuid: string | null
  /** Bytes, when the driver publishes capacity `memory`. */
  memory: number | null
}

export interface ResourceSliceLite {
  name: string
  driver: string
  node: string | null
  pool: string
  devices: DraDeviceLite[]
}

export interface ResourceClaimLite {
  namespace: string
  name: string
  /** Allocated devices (driver, pool, device), from status.allocation.devices.results. */
  devices: { driver: string; pool: string; device: string }[]
  /** Pods the claim is reserved for. */
  reservedFor: string[]
}

export interface InferencePoolLite {
  namespace: string
  name: string
  selector: Record<string, string>
  labels: Record<string, string>
  targetPorts: number[]
  endpointPicker: string | null
}

/**
 * An InferenceObjective (llm-d.ai/v1alpha2, or inference.networking.x-k8s.io/v1alpha2 on older
 * installs): a class of requests to one InferencePool with a priority for the endpoint picker's
 * flow control. The group/version says which API the cluster served it under.
 */
export interface InferenceObjectiveLite {
  namespace: string
  name: string
  /** The referenced pool, always in the objective's namespace (the API allows no other). */
  poolRef: { group: string; kind: string; name: string }
  /** Unset is null; the endpoint picker treats it as 0. Higher is served first; negatives allowed. */
  priority: number | null
  group: string
  version: string
}

export interface BackendRefLite {
  group: string
  kind: string
  name: string
  namespace: string
  weight: number
  port?: number | null
}

export interface HTTPRouteRuleLite {
  /** Gateway API rule name (v1.2+), when set */
  name?: string | null
  /** One short line per match: method, path, headers, query ("GET /v1 · x-canary=true") */
  matches?: string[]
  /** Filter types and timeouts, for the rule's detail */
  filters?: string[]
  timeouts?: string | null
  backendRefs: BackendRefLite[]
}

export interface HTTPRouteLite {
  namespace: string
  name: string
  parents: string[]
  hostnames?: string[]
  rules: HTTPRouteRuleLite[]
  labels: Record<string, string>
  /** Accepted / ResolvedRefs over the parents' conditions: false if any parent says False. */
  accepted?: boolean | null
  resolvedRefs?: boolean | null
  /** who owns the rules' weights (lib/k8s/ownership.ts) */
  owner?: OwnerLite
}

export interface ServiceLite {
  namespace: string
  name: string
  labels: Record<string, string>
}

/** A ReferenceGrant: in its namespace, allows refs from `from` to `to` (name null: any). */
export interface ReferenceGrantLite {
  namespace: string
  name: string
  from: { group: string; kind: string; namespace: string }[]
  to: { group: string; kind: string; name: string | null }[]
}

export interface GatewayLite {
  namespace: string
  name: string
  className: string
  programmed: boolean | null
}

export interface ResourceQuotaLite {
  namespace: string
  name: string
  hard: Quantities
  used: Quantities
}

export interface NamespaceLite {
  name: string
  team: string | null
}

export interface EventLite {
  namespace: string
  name: string
  type: string
  reason: string
  message: string
  involved: { kind: string; name: string; namespace: string }
  count: number
  lastTimestamp: string | null
}

/** What each watched resource is projected to. */
export interface ResourceMap {
  nodes: NodeLite
  pods: PodLite
  deployments: DeploymentLite
  replicasets: ReplicaSetLite
  resourceslices: ResourceSliceLite
  resourceclaims: ResourceClaimLite
  inferencepools: InferencePoolLite
  inferenceobjectives: InferenceObjectiveLite
  xinferenceobjectives: InferenceObjectiveLite
  gateways: GatewayLite
  httproutes: HTTPRouteLite
  services: ServiceLite
  referencegrants: ReferenceGrantLite
  resourcequotas: ResourceQuotaLite
  namespaces: NamespaceLite
  events: EventLite
}

export type ResourceKind = keyof ResourceMap

export const RESOURCE_KINDS: readonly ResourceKind[] = [
  'nodes',
  'pods',
  'deployments',
  'replicasets',
  'resourceslices',
  'resourceclaims',
  'inferencepools',
  'inferenceobjectives',
  'xinferenceobjectives',
  'gateways',
  'httproutes',
  'services',
  'referencegrants',
  'resourcequotas',
  'namespaces',
  'events',
]

/** Staleness of one cluster × resource. Times are ISO strings (they cross into client code). */
export interface ResourceStatus {
  cluster: string
  resource: ResourceKind
  /** The initial list completed at least once: the data is usable (maybe old). */
  synced: boolean
  /** A watch stream is open right now. */
  connected: boolean
  /** False when the cluster does not serve this resource (CRD not installed): empty, not stale. */
  served: boolean
  items: number
  lastEventAt: string | null
  /** Last moment the data was known to be current (list done, watch open, event received). */
  lastHealthyAt: string | null
  lastError: string | null
  lastErrorAt: string | null
  relists: number
  restarts: number
}

export interface ClusterStatus {
  cluster: string
  synced: boolean
  connected: boolean
  /** Oldest lastHealthyAt over its resources; null when never synced. */
  dataAsOf: string | null
  error: string | null
}

/** One cluster's cached objects as the pure fleet functions read them (re-iterable). */
export interface FleetCluster {
  name: string
  status: ClusterStatus | null
  nodes: Iterable<NodeLite>
  pods: Iterable<PodLite>
  deployments: Iterable<DeploymentLite>
  replicasets: Iterable<ReplicaSetLite>
  resourceslices: Iterable<ResourceSliceLite>
  resourceclaims: Iterable<ResourceClaimLite>
  inferencepools: Iterable<InferencePoolLite>
  httproutes: Iterable<HTTPRouteLite>
  namespaces: Iterable<NamespaceLite>
  /** Backends and grants the Routes view resolves (absent in fixtures that do not need them). */
  services?: Iterable<ServiceLite>
  referencegrants?: Iterable<ReferenceGrantLite>
  /** InferenceObjectives of both API groups (absent in fixtures that do not need them). */
  inferenceobjectives?: Iterable<InferenceObjectiveLite>
  /** False when the cluster serves neither InferenceObjective API (the CRD is not installed). */
  objectivesServed?: boolean
}
