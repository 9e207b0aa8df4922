/**
 * What the simulator serves traffic for: routes with their weighted backends, model-server pods
 * and the GPUs (or MIG instances) they hold. Built from the live clusters (kube-state.ts) or, when
 * a cluster cannot be read, from the seeded fleet plan (dev/seed/fleet.ts). Pure.
 */
import {
  A100_MIXED_LAYOUT,
  GPU_PRODUCTS,
  MIG_1G,
  MIG_3G,
  MODELS,
  buildFleet,
  type ClusterName,
  type Fleet,
  type GpuKind,
  type NodePlan,
} from '../seed/fleet'

export interface SimBackend {
  pool: string
  version: string
  weight: number
}

export interface SimRoute {
  cluster: string
  namespace: string
  name: string
  team: string
  /** served model name (vLLM --model, gateway gen_ai_request_model) */
  model: string
  backends: SimBackend[]
}

export interface SimPod {
  cluster: string
  namespace: string
  name: string
  team: string
  model: string
  pool: string
  version: string
  node: string
}

export interface SimGpu {
  cluster: string
  node: string
  gpu: number
  uuid: string
  /** dcgm-exporter modelName, e.g. "NVIDIA H100 80GB HBM3" */
  product: string
  migProfile: string | null
  migInstance: number | null
  /** owner, when allocated */
  pod: string | null
  namespace: string | null
}

export interface Topology {
  routes: SimRoute[]
  pods: SimPod[]
  gpus: SimGpu[]
}

/** What a pod asks for, from its container requests (or DRA claim). */
export interface PodRequest {
  whole: number
  mig1g: number
  mig3g: number
}

const MIG_PROFILE = { [MIG_1G]: '1g.5gb', [MIG_3G]: '3g.20gb' } as const

function productOf(kind: GpuKind): string {
  return GPU_PRODUCTS[kind].productName
}

/** GPU slots of a node in the order a device plugin hands them out. */
function nodeSlots(node: NodePlan, cluster: string): SimGpu[] {
  if (!node.gpu) return []
  const product = productOf(node.gpu)
  const base = { cluster, node: node.name, product, pod: null, namespace: null }
  const slots: SimGpu[] = []
  if (node.labels['nvidia.com/mig.strategy'] === 'mixed') {
    const whole = A100_MIXED_LAYOUT.wholeGpus
    for (let g = 0; g < whole; g++) {
      slots.push({ ...base, gpu: g, uuid: node.gpuUuids[g] ?? '', migProfile: null, migInstance: null })
    }
    // 1g.5gb instances on the next two GPUs (7 each), 3g.20gb on the last two (2 each).
    const per1g = A100_MIXED_LAYOUT[MIG_1G] / 2
    const per3g = A100_MIXED_LAYOUT[MIG_3G] / 2
    for (let i = 0; i < A100_MIXED_LAYOUT[MIG_1G]; i++) {
      const g = whole + Math.floor(i / per1g)
      slots.push({
        ...base,
        gpu: g,
        uuid: node.gpuUuids[g] ?? '',
        migProfile: '1g.5gb',
        migInstance: i % per1g,
      })
    }
    for (let i = 0; i < A100_MIXED_LAYOUT[MIG_3G]; i++) {
      const g = whole + 2 + Math.floor(i / per3g)
      slots.push({
        ...base,
        gpu: g,
        uuid: node.gpuUuids[g] ?? '',
        migProfile: '3g.20gb',
        migInstance: i % per3g,
      })
    }
    return slots
  }
  for (let g = 0; g < node.gpus; g++) {
    slots.push({ ...base, gpu: g, uuid: node.gpuUuids[g] ?? '', migProfile: null, migInstance: null })
  }
  return slots
}

/**
 * Hands GPU slots to pods node by node (pods sorted by name), like the device plugin would, and
 * keeps every GPU of a node that runs at least one GPU pod (dcgm-exporter runs on those nodes).
 */
export function allocateGpus(
  nodes: readonly NodePlan[],
  cluster: string,
  pods: readonly { pod: SimPod; request: PodRequest }[],
): SimGpu[] {
  const byNode = new Map<string, { pod: SimPod; request: PodRequest }[]>()
  for (const p of pods) byNode.set(p.pod.node, [...(byNode.get(p.pod.node) ?? []), p])
  const out: SimGpu[] = []
  for (const node of nodes) {
    const here = byNode.get(node.name)
    if (!here || !node.gpu) continue
    const slots = nodeSlots(node, cluster)
    for (const { pod, request } of [...here].sort((a, b) => a.pod.name.localeCompare(b.pod.name))) {
      const take = (profile: string | null, n: number) => {
        for (const s of slots) {
          if (n === 0) break
          if (s.pod === null && s.migProfile === profile) {
            s.pod = pod.name
            s.namespace = pod.namespace
            n--
          }
        }
      }
      take(null, request.whole)
      take(MIG_PROFILE[MIG_1G], request.mig1g)
      take(MIG_PROFILE[MIG_3G], request.mig3g)
    }
    out.push(...slots)
  }
  return out
}

export function requestFromResources(
  requests: Record<string, string | number> | undefined,
  dra: number,
): PodRequest {
  const n = (k: string) => Number(requests?.[k] ?? 0) || 0
  return { whole: n('nvidia.com/gpu') + dra, mig1g: n(MIG_1G), mig3g: n(MIG_3G) }
}

/** The seeded fleet as the simulator would see it if every schedulable pod were running. */
export function planTopology(fleet: Fleet, clusters?: readonly string[]): Topology {
  const want = (c: string) => !clusters || clusters.includes(c)
  const routes: SimRoute[] = fleet.routes
    .filter((r) => want(r.cluster))
    .map((r) => ({
      cluster: r.cluster,
      namespace: r.namespace,
      name: r.name,
      team: r.team,
      model: r.hfId,
      backends: r.backends.map((b) => ({
        pool: b.pool,
        version: b.pool.slice(r.name.length + 1),
        weight: b.weight,
      })),
    }))
  const pods: SimPod[] = []
  const gpus: SimGpu[] = []
  for (const cluster of new Set(fleet.nodes.map((n) => n.cluster))) {
    if (!want(cluster)) continue
    const nodes = fleet.nodes.filter((n) => n.cluster === cluster && n.gpu && !n.cordoned && !n.notReady)
    const free = new Map(nodes.map((n) => [n.name, nodeSlots(n, cluster).length]))
    const placed: { pod: SimPod; request: PodRequest }[] = []
    for (const d of fleet.deployments) {
      if (d.cluster !== cluster || d.component !== 'model-server' || d.unschedulable || !d.gpu) continue
      const request: PodRequest = {
        whole: d.resource === MIG_1G || d.resource === MIG_3G ? 0 : d.perPod,
        mig1g: d.resource === MIG_1G ? d.perPod : 0,
        mig3g: d.resource === MIG_3G ? d.perPod : 0,
      }
      const size = request.whole + request.mig1g + request.mig3g
      for (let i = 0; i < d.replicas; i++) {
        const node = nodes.find(
          (n) => n.gpu === d.gpu && (!d.pool || n.pool === d.pool) && (free.get(n.name) ?? 0) >= size,
        )
        if (!node) continue
        free.set(node.name, (free.get(node.name) ?? 0) - size)
        const pod: SimPod = {
          cluster,
          namespace: d.namespace,
          name: `${d.name}-sim-${i}`,
          team: d.team,
          model: d.hfId,
          pool: d.name,
          version: d.version,
          node: node.name,
        }
        pods.push(pod)
        placed.push({ pod, request })
      }
    }
    gpus.push(...allocateGpus(nodes, cluster, placed))
  }
  return { routes, pods, gpus }
}

export function seededFleet(seed = 42): Fleet {
  return buildFleet({ scale: 'small', seed })
}

/** hfId of a seeded model id (route name), for objects that do not carry it. */
export function servedModel(modelId: string): string | undefined {
  return MODELS.find((m) => m.id === modelId)?.hfId
}

export type { ClusterName }
