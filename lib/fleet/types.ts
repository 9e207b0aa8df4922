import type { ModelGroup } from './models'
import type { SaturationView } from './saturation-math'
import type { ClusterStatus, Quantities } from '@/lib/k8s/watch/types'
import type { ServedBackend } from './served-share-math'

// Defined beside the watch cache that builds it, so lib/k8s never imports a domain.
export type { FleetCluster } from '@/lib/k8s/watch/types'

/** The values each GPU filter can take, from the rows at hand. */
export interface GpuFacets {
  clusters: string[]
  products: string[]
  pools: string[]
  teams: string[]
}

export type NodeState = 'idle' | 'allocated' | 'full' | 'cordoned' | 'notready' | 'nogpu'

export interface MigResource {
  /** e.g. nvidia.com/mig-3g.20gb */
  resource: string
  capacity: number
  allocatable: number
  allocated: number
}

export interface GpuNodeRow {
  /** cluster/name: stable key for rows and URLs. */
  key: string
  cluster: string
  name: string
  pool: string
  product: string
  /** GFD nvidia.com/gpu.memory (MiB), null when unlabelled. */
  memoryMiB: number | null
  /** Physical GPUs (GFD nvidia.com/gpu.count, else capacity, else DRA devices). */
  physical: number
  /** nvidia.com/gpu capacity / allocatable. */
  capacity: number
  allocatable: number
  /** Schedulable GPUs: allocatable nvidia.com/gpu + DRA devices. */
  total: number
  /** GPUs held by non-terminated pods on the node: nvidia.com/gpu requests + allocated DRA devices. */
  allocated: number
  /** total − allocated, never below 0. */
  idle: number
  mig: MigResource[]
  dra: { devices: number; allocated: number; driver: string | null }
  cordoned: boolean
  notReady: boolean
  state: NodeState
  pods: number
  teams: string[]
  models: string[]
  zone: string | null
  /** GPU utilisation 0..1 from Prometheus (dcgm-exporter), when known. */
  utilisation?: number
  /** Allocated GPUs that do no work (needs utilisation; false when unknown). */
  allocatedButIdle: boolean
}

export interface PendingGpuPod {
  cluster: string
  namespace: string
  name: string
  team: string | null
  model: string | null
  gpu: Quantities
  claims: number
  reason: string | null
  createdAt: string | null
}

export interface GpuTotals {
  nodes: number
  /** nvidia.com/gpu capacity (before unhealthy GPUs are subtracted). */
  capacity: number
  /** Allocatable nvidia.com/gpu + DRA devices. */
  total: number
  allocated: number
  idle: number
  /** Idle GPUs on cordoned or NotReady nodes: counted in idle, but nothing can be scheduled there. */
  unavailable: number
  dra: { devices: number; allocated: number }
  mig: { capacity: number; allocated: number }
  cordoned: number
  notReady: number
  /** GPUs and MIG slices held by pods on nodes flagged allocated-but-idle (utilisation known). */
  allocatedButIdle: number
  /** Nodes whose utilisation Prometheus knows (0: utilisation unavailable). */
  withUtilisation: number
}

export interface SummaryRow extends GpuTotals {
  key: string
}

export interface InventorySummary {
  totals: GpuTotals
  byProduct: SummaryRow[]
  byCluster: SummaryRow[]
  pendingPods: number
  pendingGpus: number
}

export interface Inventory {
  nodes: GpuNodeRow[]
  pending: PendingGpuPod[]
}

export interface NodePod {
  namespace: string
  name: string
  phase: string
  ready: boolean
  team: string | null
  model: string | null
  version: string | null
  gpu: Quantities
  draDevices: string[]
  createdAt: string | null
}

export interface NodeDetail {
  row: GpuNodeRow
  pods: NodePod[]
  draDevices: {
    name: string
    productName: string | null
    uuid: string | null
    memory: number | null
    pod: string | null
  }[]
}

/** What the GPUs page and /api/fleet/gpus return. */
export interface GpuView {
  /** The cache's gpus scope version this was computed from. */
  version: number
  clusters: ClusterStatus[]
  /** Over the cluster in scope, before the other filters. */
  summary: InventorySummary
  facets: GpuFacets
  rows: GpuNodeRow[]
  pending: PendingGpuPod[]
  /** Rows before filters (in the cluster scope), for "showing N of M". */
  totalRows: number
}

/** What the Models page and /api/fleet/models return. */
export interface ModelsView {
  version: number
  clusters: ClusterStatus[]
  models: ModelGroup[]
  teams: string[]
  /** Per-pool queue, KV cache and running requests (the Models page's reads only). */
  saturation?: SaturationView
  /**
   * What each backend served (gateway metrics), keyed "cluster/namespace/route#rule/backend"; absent
   * where no metric exists (the page then says it shows configured weights).
   */
  served?: Record<string, ServedBackend>
}
