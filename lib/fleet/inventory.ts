/**
 * GPU inventory from cached cluster objects: pure, no I/O.
 *
 * No per-user filtering here: every console user is at least a viewer, and viewers may read all
 * the objects these views show (nodes, pods, deployments…) on every cluster. If that ever changes,
 * filter by what the user's cluster RBAC allows before calling these functions.
 */
import { GPU_RESOURCE, LABEL, POOL_LABELS, isMigResource } from '@/lib/k8s/labels'
import { cmp } from './compare'
import type {
  FleetCluster,
  GpuNodeRow,
  Inventory,
  MigResource,
  NodeDetail,
  NodeState,
  PendingGpuPod,
} from './types'
import type { NodeLite, PodLite, ResourceSliceLite } from '@/lib/k8s/watch/types'
import { isAllocatedButIdle, type NodeUtilisation } from './utilisation-math'

export { IDLE_UTILISATION } from './utilisation-math'

export function isTerminated(pod: PodLite): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed'
}

function hasGpuDemand(pod: PodLite): boolean {
  return Object.keys(pod.gpu).length > 0 || pod.claims.length > 0
}

/** Node pool from the usual pool labels; the GPU product when none is set. */
export function derivePool(labels: Record<string, string>, product: string): string {
  for (const key of POOL_LABELS) {
    const v = labels[key]
    if (v) return v
  }
  return product
}

/** GFD product label, else the DRA productName (spaces → dashes, as GFD writes it), else "unknown". */
export function deriveProduct(node: NodeLite, slices: readonly ResourceSliceLite[]): string {
  const label = node.labels[LABEL.gpuProduct]
  if (label) return label
  const fromDra = slices.flatMap((s) => s.devices).find((d) => d.productName)?.productName
  return fromDra ? fromDra.replace(/\s+/g, '-') : 'unknown'
}

function isGpuNode(node: NodeLite, slices: readonly ResourceSliceLite[]): boolean {
  return (
    Boolean(node.labels[LABEL.gpuProduct]) ||
    Object.keys(node.capacity).length > 0 ||
    slices.some((s) => s.devices.length > 0)
  )
}

function nodeState(r: Pick<GpuNodeRow, 'notReady' | 'cordoned' | 'total' | 'allocated' | 'mig'>): NodeState {
  if (r.notReady) return 'notready'
  if (r.cordoned) return 'cordoned'
  const migCap = r.mig.reduce((a, m) => a + m.allocatable, 0)
  const migUsed = r.mig.reduce((a, m) => a + m.allocated, 0)
  if (r.total === 0 && migCap === 0) return 'nogpu'
  if (r.allocated === 0 && migUsed === 0) return 'idle'
  if (r.allocated >= r.total && migUsed >= migCap) return 'full'
  return 'allocated'
}

interface NodeAcc {
  pods: PodLite[]
  whole: number
  mig: Map<string, number>
  teams: Set<string>
  models: Set<string>
}

/** Everything the node rows and the node drawer need, indexed once per cluster. */
function indexCluster(c: FleetCluster) {
  const nsTeam = new Map<string, string>()
  for (const ns of c.namespaces) if (ns.team) nsTeam.set(ns.name, ns.team)
  const slicesByNode = new Map<string, ResourceSliceLite[]>()
  /** driver/pool/device → node, to place allocated DRA devices. */
  const deviceNode = new Map<string, string>()
  for (const s of c.resourceslices) {
    if (!s.node) continue
    const list = slicesByNode.get(s.node) ?? []
    list.push(s)
    slicesByNode.set(s.node, list)
    for (const d of s.devices) deviceNode.set(`${s.driver}/${s.pool}/${d.name}`, s.node)
  }
  /** driver/pool/device → "namespace/pod" holding it. */
  const deviceHolder = new Map<string, string | null>()
  const draAllocated = new Map<string, number>()
  for (const claim of c.resourceclaims) {
    for (const d of claim.devices) {
      const key = `${d.driver}/${d.pool}/${d.device}`
      const node = deviceNode.get(key)
      if (!node) continue
      deviceHolder.set(key, claim.reservedFor[0] ? `${claim.namespace}/${claim.reservedFor[0]}` : null)
      draAllocated.set(node, (draAllocated.get(node) ?? 0) + 1)
    }
  }
  const byNode = new Map<string, NodeAcc>()
  const pending: PendingGpuPod[] = []
  for (const p of c.pods) {
    if (isTerminated(p) || !hasGpuDemand(p)) continue
    const team = p.team ?? nsTeam.get(p.namespace) ?? null
    if (!p.node) {
      if (p.phase === 'Pending' && !p.deleting) {
        pending.push({
          cluster: c.name,
          namespace: p.namespace,
          name: p.name,
          team,
          model: p.model,
          gpu: p.gpu,
          claims: p.claims.length,
          reason: p.unschedulable,
          createdAt: p.createdAt,
        })
      }
      continue
    }
    let acc = byNode.get(p.node)
    if (!acc) {
      acc = { pods: [], whole: 0, mig: new Map(), teams: new Set(), models: new Set() }
      byNode.set(p.node, acc)
    }
    acc.pods.push(p)
    acc.whole += p.gpu[GPU_RESOURCE] ?? 0
    for (const [res, n] of Object.entries(p.gpu))
      if (isMigResource(res)) acc.mig.set(res, (acc.mig.get(res) ?? 0) + n)
    if (team) acc.teams.add(team)
    if (p.model) acc.models.add(p.model)
  }
  return { nsTeam, slicesByNode, deviceHolder, draAllocated, byNode, pending }
}

function buildRow(
  cluster: string,
  node: NodeLite,
  idx: ReturnType<typeof indexCluster>,
  utilisation: NodeUtilisation | undefined,
): GpuNodeRow | null {
  const slices = idx.slicesByNode.get(node.name) ?? []
  if (!isGpuNode(node, slices)) return null
  const acc = idx.byNode.get(node.name)
  const product = deriveProduct(node, slices)
  const capacity = node.capacity[GPU_RESOURCE] ?? 0
  const allocatable = node.allocatable[GPU_RESOURCE] ?? 0
  const draDevices = slices.reduce((a, s) => a + s.devices.length, 0)
  const draAllocated = idx.draAllocated.get(node.name) ?? 0
  const migNames = new Set(
    [...Object.keys(node.capacity), ...Object.keys(node.allocatable)].filter(isMigResource),
  )
  const mig: MigResource[] = [...migNames].sort().map((resource) => ({
    resource,
    capacity: node.capacity[resource] ?? 0,
    allocatable: node.allocatable[resource] ?? 0,
    allocated: acc?.mig.get(resource) ?? 0,
  }))
  const wholeAllocated = acc?.whole ?? 0
  const total = allocatable + draDevices
  const allocated = wholeAllocated + draAllocated
  const countLabel = Number(node.labels[LABEL.gpuCount])
  const memory = Number(node.labels[LABEL.gpuMemory])
  const base = {
    notReady: node.ready === false,
    cordoned: node.unschedulable,
    total,
    allocated,
    mig,
  }
  return {
    key: `${cluster}/${node.name}`,
    cluster,
    name: node.name,
    pool: derivePool(node.labels, product),
    product,
    memoryMiB: Number.isFinite(memory) && memory > 0 ? memory : null,
    physical: Number.isFinite(countLabel) && countLabel > 0 ? countLabel : Math.max(capacity, draDevices),
    capacity,
    allocatable,
    total,
    allocated,
    idle: Math.max(0, total - allocated),
    mig,
    dra: { devices: draDevices, allocated: draAllocated, driver: slices[0]?.driver ?? null },
    cordoned: base.cordoned,
    notReady: base.notReady,
    state: nodeState(base),
    pods: acc?.pods.length ?? 0,
    teams: acc ? [...acc.teams].sort() : [],
    models: acc ? [...acc.models].sort() : [],
    zone: node.labels[LABEL.zone] ?? null,
    ...utilisationFields({ allocated, mig }, utilisation),
  }
}

/**
 * The row's utilisation columns: absent when Prometheus does not know the node. MIG slices count
 * as held GPUs: a node whose slices all belong to idle pods is as wasted as one with whole GPUs.
 */
function utilisationFields(
  row: Pick<GpuNodeRow, 'allocated' | 'mig'>,
  u: NodeUtilisation | undefined,
): Pick<GpuNodeRow, 'utilisation' | 'allocatedButIdle'> {
  if (!u) return { allocatedButIdle: false }
  return { utilisation: u.now, allocatedButIdle: isAllocatedButIdle(heldByPods(row), u) }
}

/** MIG slices allocatable on a node and held by no pod (idle capacity the whole-GPU count misses). */
export function freeMigSlices(row: Pick<GpuNodeRow, 'mig'>): number {
  return row.mig.reduce((a, m) => a + Math.max(0, m.allocatable - m.allocated), 0)
}

/** Idle GPUs or MIG slices on a node that can take pods (cordoned or NotReady capacity helps nobody). */
export function hasSchedulableIdle(row: Pick<GpuNodeRow, 'idle' | 'mig' | 'cordoned' | 'notReady'>): boolean {
  return (row.idle > 0 || freeMigSlices(row) > 0) && !row.cordoned && !row.notReady
}

/** Whole GPUs, DRA devices and MIG slices that pods hold on a node. */
export function heldByPods(row: Pick<GpuNodeRow, 'allocated' | 'mig'>): number {
  return row.allocated + row.mig.reduce((a, m) => a + m.allocated, 0)
}

/**
 * The rows with fresh utilisation: rows of nodes Prometheus knows are copied, the others kept as
 * they are, so utilisation refreshes every few seconds without recomputing the inventory.
 */
export function withUtilisation(
  inv: Inventory,
  utilisation: ReadonlyMap<string, NodeUtilisation> | null,
): Inventory {
  if (!utilisation) return inv
  return {
    ...inv,
    nodes: inv.nodes.map((r) => {
      const u = utilisation.get(r.key)
      return u ? { ...r, ...utilisationFields(r, u) } : r
    }),
  }
}

/**
 * One row per GPU node (GFD product label, GPU/MIG capacity, or DRA devices), plus the pods
 * waiting for GPUs. `utilisation` is keyed by "cluster/node" (0..1), when Prometheus has it.
 */
export function buildInventory(
  clusters: readonly FleetCluster[],
  utilisation?: ReadonlyMap<string, NodeUtilisation> | null,
): Inventory {
  const nodes: GpuNodeRow[] = []
  const pending: PendingGpuPod[] = []
  for (const c of clusters) {
    const idx = indexCluster(c)
    for (const n of c.nodes) {
      const row = buildRow(c.name, n, idx, utilisation?.get(`${c.name}/${n.name}`))
      if (row) nodes.push(row)
    }
    pending.push(...idx.pending)
  }
  nodes.sort((a, b) => cmp(a.key, b.key))
  pending.sort((a, b) => cmp(a.createdAt ?? '', b.createdAt ?? '') || cmp(a.name, b.name))
  return { nodes, pending }
}

/** The drawer of one node: its row, the pods on its GPUs (with team and model), its DRA devices. */
export function buildNodeDetail(
  cluster: FleetCluster,
  nodeName: string,
  utilisation?: ReadonlyMap<string, NodeUtilisation> | null,
): NodeDetail | null {
  let node: NodeLite | undefined
  for (const n of cluster.nodes) if (n.name === nodeName) node = n
  if (!node) return null
  const idx = indexCluster(cluster)
  const row = buildRow(cluster.name, node, idx, utilisation?.get(`${cluster.name}/${nodeName}`))
  if (!row) return null
  const slices = idx.slicesByNode.get(nodeName) ?? []
  const holderOf = (s: ResourceSliceLite, device: string) =>
    idx.deviceHolder.get(`${s.driver}/${s.pool}/${device}`)
  const devicesByPod = new Map<string, string[]>()
  const draDevices = slices.flatMap((s) =>
    s.devices.map((d) => {
      const pod = holderOf(s, d.name) ?? null
      if (pod) devicesByPod.set(pod, [...(devicesByPod.get(pod) ?? []), d.name])
      return { name: d.name, productName: d.productName, uuid: d.uuid, memory: d.memory, pod }
    }),
  )
  const pods = (idx.byNode.get(nodeName)?.pods ?? []).map((p) => ({
    namespace: p.namespace,
    name: p.name,
    phase: p.phase,
    ready: p.ready,
    team: p.team ?? idx.nsTeam.get(p.namespace) ?? null,
    model: p.model,
    version: p.version,
    gpu: p.gpu,
    draDevices: devicesByPod.get(`${p.namespace}/${p.name}`) ?? [],
    createdAt: p.createdAt,
  }))
  pods.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name))
  return { row, pods, draDevices }
}
