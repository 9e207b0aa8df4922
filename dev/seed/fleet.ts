/**
 * The simulated GPU fleet of the local dev clusters: pure data + a deterministic
 * PRNG, no I/O. Imported by the cluster seeder (dev/seed/seed-cluster.ts), the DB
 * seeder and the tests, so everyone agrees on what "was seeded".
 *
 *   import { TEAMS, CLUSTERS, MODELS, buildFleet, expectedTotals } from '../../dev/seed/fleet';
 *
 * `buildFleet({ scale, seed })` expands this into concrete nodes, deployments,
 * pools and routes; `expectedTotals(fleet)` gives the numbers the API must show.
 */

// ------------------------------------------------------------------ PRNG

/** mulberry32: tiny, fast, deterministic 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A PRNG derived from the run seed and a string key (stable per object, order-independent). */
export function rngFor(seed: number, key: string): () => number {
  let h = 2166136261 ^ seed
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619)
  return mulberry32(h >>> 0)
}

export function hex(rng: () => number, len: number): string {
  let s = ''
  while (s.length < len) s += Math.floor(rng() * 16).toString(16)
  return s
}

/** A GPU UUID in nvidia-smi format, deterministic from the rng. */
export function gpuUuid(rng: () => number): string {
  return `GPU-${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`
}

// ------------------------------------------------------------------ static fleet data

export type ClusterName = 'gpu-east' | 'gpu-west'
export type Scale = 'small' | 'bench'

export interface ClusterDef {
  name: ClusterName
  region: string
  zones: string[]
}

export const CLUSTERS: readonly ClusterDef[] = [
  { name: 'gpu-east', region: 'us-east4', zones: ['us-east4-a', 'us-east4-b', 'us-east4-c'] },
  { name: 'gpu-west', region: 'us-west1', zones: ['us-west1-a', 'us-west1-b'] },
]
export const CLUSTER_NAMES: readonly ClusterName[] = CLUSTERS.map((c) => c.name)

export type TeamId = 'assistant' | 'search' | 'vision'
export interface TeamDef {
  id: TeamId
  namespace: string
  displayName: string
  /** token budget per hour in the gateway's BackendTrafficPolicy `token-limits` */
  tokensPerHour: number
}

export const TEAMS: readonly TeamDef[] = [
  { id: 'assistant', namespace: 'team-assistant', displayName: 'Assistant', tokensPerHour: 5_000_000 },
  { id: 'search', namespace: 'team-search', displayName: 'Search', tokensPerHour: 2_000_000 },
  { id: 'vision', namespace: 'team-vision', displayName: 'Vision', tokensPerHour: 1_000_000 },
]

export type GpuKind = 'H100' | 'A100' | 'L4'
export interface GpuProduct {
  kind: GpuKind
  /** GFD label `nvidia.com/gpu.product` */
  product: string
  /** DRA attribute productName (human form) */
  productName: string
  /** GFD label `nvidia.com/gpu.memory` (MiB) */
  memoryMiB: number
  family: string
  architecture: string
  computeCapability: string
  machineType: string
  cpu: number
  memoryGi: number
}

export const GPU_PRODUCTS: Record<GpuKind, GpuProduct> = {
  H100: {
    kind: 'H100',
    product: 'NVIDIA-H100-80GB-HBM3',
    productName: 'NVIDIA H100 80GB HBM3',
    memoryMiB: 81559,
    family: 'hopper',
    architecture: 'Hopper',
    computeCapability: '9.0',
    machineType: 'a3-highgpu-8g',
    cpu: 208,
    memoryGi: 1872,
  },
  A100: {
    kind: 'A100',
    product: 'NVIDIA-A100-SXM4-40GB',
    productName: 'NVIDIA A100-SXM4-40GB',
    memoryMiB: 40960,
    family: 'ampere',
    architecture: 'Ampere',
    computeCapability: '8.0',
    machineType: 'a2-highgpu-8g',
    cpu: 96,
    memoryGi: 680,
  },
  L4: {
    kind: 'L4',
    product: 'NVIDIA-L4',
    productName: 'NVIDIA L4',
    memoryMiB: 23034,
    family: 'ada-lovelace',
    architecture: 'Ada Lovelace',
    computeCapability: '8.9',
    machineType: 'g2-standard-16',
    cpu: 16,
    memoryGi: 64,
  },
}

export const DRA_DRIVER = 'gpu.nvidia.com'
export const DRIVER_VERSION = '570.172.08'
export const MIG_1G = 'nvidia.com/mig-1g.5gb'
export const MIG_3G = 'nvidia.com/mig-3g.20gb'
export const GPU_RESOURCE = 'nvidia.com/gpu'

/**
 * MIG "mixed" layout of every A100 node: 8 physical GPUs, 4 whole, 2 split into
 * 7x 1g.5gb, 2 split into 2x 3g.20gb.
 */
export const A100_MIXED_LAYOUT = { wholeGpus: 4, [MIG_1G]: 14, [MIG_3G]: 4 } as const

export interface PoolDef {
  name: string
  cluster: ClusterName
  gpu: GpuKind | null // null: CPU-only system pool
  gpusPerNode: number // physical GPUs (GFD nvidia.com/gpu.count)
  mig: 'none' | 'mixed'
  /** GPUs published as DRA devices (ResourceSlices), not as nvidia.com/gpu */
  dra: boolean
  smallNodes: number
  /** share of the bench GPU node count (per cluster) */
  benchWeight: number
  /** special nodes at small scale (bench: scaled to ~1%) */
  cordoned: number
  notReady: number
  /** allocatable one GPU below capacity (device plugin reports an unhealthy GPU) */
  degraded: number
  /** `nvidia.com/gpu: 0` (device plugin not reporting) */
  zeroGpu: number
}

export const POOLS: readonly PoolDef[] = [
  {
    name: 'h100-a',
    cluster: 'gpu-east',
    gpu: 'H100',
    gpusPerNode: 8,
    mig: 'none',
    dra: false,
    smallNodes: 12,
    benchWeight: 0.8,
    cordoned: 1,
    notReady: 1,
    degraded: 1,
    zeroGpu: 0,
  },
  {
    name: 'a100-mig',
    cluster: 'gpu-east',
    gpu: 'A100',
    gpusPerNode: 8,
    mig: 'mixed',
    dra: false,
    smallNodes: 6,
    benchWeight: 0.15,
    cordoned: 1,
    notReady: 0,
    degraded: 0,
    zeroGpu: 0,
  },
  {
    name: 'l4',
    cluster: 'gpu-east',
    gpu: 'L4',
    gpusPerNode: 1,
    mig: 'none',
    dra: false,
    smallNodes: 20,
    benchWeight: 0.05,
    cordoned: 0,
    notReady: 1,
    degraded: 0,
    zeroGpu: 1,
  },
  {
    name: 'system',
    cluster: 'gpu-east',
    gpu: null,
    gpusPerNode: 0,
    mig: 'none',
    dra: false,
    smallNodes: 3,
    benchWeight: 0,
    cordoned: 0,
    notReady: 0,
    degraded: 0,
    zeroGpu: 0,
  },
  {
    name: 'h100-b',
    cluster: 'gpu-west',
    gpu: 'H100',
    gpusPerNode: 8,
    mig: 'none',
    dra: false,
    smallNodes: 10,
    benchWeight: 0.7,
    cordoned: 1,
    notReady: 0,
    degraded: 0,
    zeroGpu: 0,
  },
  {
    name: 'h100-dra',
    cluster: 'gpu-west',
    gpu: 'H100',
    gpusPerNode: 8,
    mig: 'none',
    dra: true,
    smallNodes: 4,
    benchWeight: 0.1,
    cordoned: 0,
    notReady: 0,
    degraded: 0,
    zeroGpu: 0,
  },
  {
    name: 'a100-mig',
    cluster: 'gpu-west',
    gpu: 'A100',
    gpusPerNode: 8,
    mig: 'mixed',
    dra: false,
    smallNodes: 4,
    benchWeight: 0.15,
    cordoned: 0,
    notReady: 0,
    degraded: 0,
    zeroGpu: 0,
  },
  {
    name: 'l4',
    cluster: 'gpu-west',
    gpu: 'L4',
    gpusPerNode: 1,
    mig: 'none',
    dra: false,
    smallNodes: 16,
    benchWeight: 0.05,
    cordoned: 0,
    notReady: 1,
    degraded: 0,
    zeroGpu: 0,
  },
  {
    name: 'system',
    cluster: 'gpu-west',
    gpu: null,
    gpusPerNode: 0,
    mig: 'none',
    dra: false,
    smallNodes: 2,
    benchWeight: 0,
    cordoned: 0,
    notReady: 0,
    degraded: 0,
    zeroGpu: 0,
  },
]

export type Track = 'stable' | 'canary'
export interface VersionDef {
  version: string // v1, v2, …
  track: Track
  /** HTTPRoute weight of this version's InferencePool */
  weight: number
  replicas: Partial<Record<ClusterName, number>>
}

export interface ModelDef {
  /** DNS-label-safe id: label aire.dev/model, HTTPRoute name */
  id: string
  /** Hugging Face id passed as vLLM --model */
  hfId: string
  team: TeamId
  gpu: GpuKind
  /** per pod; resource nvidia.com/gpu unless `resource` says otherwise */
  gpusPerPod: number
  resource?: string
  /** request the GPU through a DRA ResourceClaimTemplate (pool h100-dra) */
  dra?: boolean
  versions: VersionDef[]
  /** deliberately asks for more than fits: pods stay Pending */
  unschedulable?: boolean
}

export const MODELS: readonly ModelDef[] = [
  {
    id: 'llama-3-1-8b',
    hfId: 'meta-llama/Llama-3.1-8B-Instruct',
    team: 'assistant',
    gpu: 'L4',
    gpusPerPod: 1,
    versions: [
      { version: 'v1', track: 'stable', weight: 90, replicas: { 'gpu-east': 8, 'gpu-west': 6 } },
      { version: 'v2', track: 'canary', weight: 10, replicas: { 'gpu-east': 2, 'gpu-west': 1 } },
    ],
  },
  {
    id: 'llama-3-1-70b',
    hfId: 'meta-llama/Llama-3.1-70B-Instruct',
    team: 'assistant',
    gpu: 'H100',
    gpusPerPod: 4,
    versions: [
      { version: 'v1', track: 'stable', weight: 90, replicas: { 'gpu-east': 4, 'gpu-west': 3 } },
      { version: 'v2', track: 'canary', weight: 10, replicas: { 'gpu-east': 1, 'gpu-west': 1 } },
    ],
  },
  {
    id: 'mixtral-8x7b',
    hfId: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    team: 'search',
    gpu: 'H100',
    gpusPerPod: 2,
    versions: [
      { version: 'v1', track: 'stable', weight: 60, replicas: { 'gpu-east': 3 } },
      { version: 'v2', track: 'canary', weight: 30, replicas: { 'gpu-east': 2 } },
      { version: 'v3', track: 'canary', weight: 10, replicas: { 'gpu-east': 1 } },
    ],
  },
  {
    id: 'qwen2-5-7b',
    hfId: 'Qwen/Qwen2.5-7B-Instruct',
    team: 'search',
    gpu: 'A100',
    gpusPerPod: 1,
    resource: MIG_3G,
    versions: [
      { version: 'v1', track: 'stable', weight: 90, replicas: { 'gpu-east': 6, 'gpu-west': 4 } },
      { version: 'v2', track: 'canary', weight: 10, replicas: { 'gpu-east': 2, 'gpu-west': 1 } },
    ],
  },
  {
    id: 'bge-m3',
    hfId: 'BAAI/bge-m3',
    team: 'search',
    gpu: 'A100',
    gpusPerPod: 1,
    resource: MIG_1G,
    versions: [{ version: 'v1', track: 'stable', weight: 100, replicas: { 'gpu-east': 12, 'gpu-west': 8 } }],
  },
  {
    id: 'mixtral-8x22b',
    hfId: 'mistralai/Mixtral-8x22B-Instruct-v0.1',
    team: 'search',
    gpu: 'A100',
    // A100 nodes run MIG "mixed" and expose only 4 whole GPUs: 8 never fit.
    gpusPerPod: 8,
    unschedulable: true,
    versions: [{ version: 'v1', track: 'stable', weight: 100, replicas: { 'gpu-east': 2 } }],
  },
  {
    id: 'qwen2-5-vl-7b',
    hfId: 'Qwen/Qwen2.5-VL-7B-Instruct',
    team: 'vision',
    gpu: 'L4',
    gpusPerPod: 1,
    versions: [
      { version: 'v1', track: 'stable', weight: 90, replicas: { 'gpu-east': 3, 'gpu-west': 3 } },
      { version: 'v2', track: 'canary', weight: 10, replicas: { 'gpu-east': 1, 'gpu-west': 1 } },
    ],
  },
  {
    id: 'llama-3-2-11b-vision',
    hfId: 'meta-llama/Llama-3.2-11B-Vision-Instruct',
    team: 'vision',
    gpu: 'H100',
    gpusPerPod: 1,
    versions: [
      { version: 'v1', track: 'stable', weight: 90, replicas: { 'gpu-east': 4 } },
      { version: 'v2', track: 'canary', weight: 10, replicas: { 'gpu-east': 1 } },
    ],
  },
  {
    id: 'llama-3-2-11b-vision-dra',
    hfId: 'meta-llama/Llama-3.2-11B-Vision-Instruct',
    team: 'vision',
    gpu: 'H100',
    gpusPerPod: 1,
    dra: true,
    versions: [
      { version: 'v1', track: 'stable', weight: 90, replicas: { 'gpu-west': 3 } },
      { version: 'v2', track: 'canary', weight: 10, replicas: { 'gpu-west': 1 } },
    ],
  },
]

/** vLLM image tags of the three seeded rollouts (ReplicaSet revisions 1, 2, 3). */
export const ROLLOUT_IMAGES = [
  'vllm/vllm-openai:v0.10.1',
  'vllm/vllm-openai:v0.10.2',
  'vllm/vllm-openai:v0.10.2',
] as const
export const ROLLOUT_STEPS = 3
export const EPP_IMAGE = 'registry.k8s.io/gateway-api-inference-extension/epp:v1.6.0'
export const EPP_PORT = 9002
export const MODEL_PORT = 8000
export const GATEWAY_NAMESPACE = 'gateway-system'
export const GATEWAY_NAME = 'inference-gateway'
export const GATEWAY_CLASS = 'envoy'
export const GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller'
export const TOKEN_POLICY_NAME = 'token-limits'

// Labels and annotations (the conventions the console relies on).
export const L = {
  team: 'aire.dev/team',
  model: 'aire.dev/model',
  version: 'aire.dev/version',
  track: 'aire.dev/track',
  component: 'aire.dev/component',
  pool: 'aire.dev/pool',
  seeded: 'aire.dev/seeded',
  gpuProduct: 'nvidia.com/gpu.product',
  gpuMemory: 'nvidia.com/gpu.memory',
  gpuCount: 'nvidia.com/gpu.count',
  migStrategy: 'nvidia.com/mig.strategy',
} as const

// ------------------------------------------------------------------ expansion

export interface FleetOptions {
  scale: Scale
  seed: number
  /** bench: GPU nodes over both clusters (default 5000) */
  nodes?: number
  /** bench: pods over both clusters (default 50000) */
  pods?: number
}

export interface NodePlan {
  name: string
  cluster: ClusterName
  pool: string
  gpu: GpuKind | null
  zone: string
  internalIP: string
  /** physical GPUs (label nvidia.com/gpu.count) */
  gpus: number
  capacity: Record<string, string>
  allocatable: Record<string, string>
  labels: Record<string, string>
  cordoned: boolean
  notReady: boolean
  dra: boolean
  gpuUuids: string[]
}

export interface DeploymentPlan {
  name: string
  namespace: string
  cluster: ClusterName
  team: TeamId
  model: string
  hfId: string
  version: string
  track: Track
  replicas: number
  gpu: GpuKind | null
  pool?: string
  resource: string | null
  perPod: number
  dra: boolean
  unschedulable: boolean
  /** canonical model servers get ROLLOUT_STEPS rollouts; bench filler only one */
  rollouts: number
  /** bench-scale filler (created after the canonical fleet has rolled out) */
  filler?: boolean
  component: 'model-server' | 'endpoint-picker' | 'router'
  /** a stable per-version "weights revision" passed as --revision */
  revision: string
}

export interface PoolPlan {
  name: string
  namespace: string
  cluster: ClusterName
  team: TeamId
  model: string
  version: string
  track: Track
  epp: boolean
}

export interface RoutePlan {
  name: string
  namespace: string
  cluster: ClusterName
  team: TeamId
  model: string
  hfId: string
  backends: { pool: string; weight: number }[]
}

/** An InferenceObjective: a class of requests to one pool, with its flow-control priority. */
export interface ObjectivePlan {
  name: string
  namespace: string
  cluster: ClusterName
  team: TeamId
  pool: string
  priority: number
}

/**
 * Objectives on a few pools, with priorities above, at and below the default 0; every other pool
 * has none (the empty case the pages must show too). Names are unique per team namespace.
 */
const OBJECTIVES: { model: string; version: string; name: string; priority: number }[] = [
  { model: 'llama-3-1-8b', version: 'v1', name: 'chat-premium', priority: 10 },
  { model: 'llama-3-1-8b', version: 'v1', name: 'chat-batch', priority: -1 },
  { model: 'llama-3-1-8b', version: 'v2', name: 'chat-canary-eval', priority: 0 },
  { model: 'qwen2-5-7b', version: 'v1', name: 'search-interactive', priority: 5 },
  { model: 'qwen2-5-7b', version: 'v1', name: 'search-reindex', priority: -10 },
]

export interface Fleet {
  options: Required<FleetOptions>
  nodes: NodePlan[]
  deployments: DeploymentPlan[]
  pools: PoolPlan[]
  routes: RoutePlan[]
  objectives: ObjectivePlan[]
  quotas: { cluster: ClusterName; namespace: string; team: TeamId; hard: Record<string, string> }[]
  teamsByCluster: Record<ClusterName, TeamId[]>
}

const teamNs = (t: TeamId) => `team-${t}`

function nodeIP(clusterIdx: number, n: number): string {
  return `10.${clusterIdx === 0 ? 20 : 30}.${Math.floor(n / 250)}.${(n % 250) + 2}`
}

function buildNodes(opts: Required<FleetOptions>): NodePlan[] {
  const out: NodePlan[] = []
  CLUSTERS.forEach((cluster, ci) => {
    const pools = POOLS.filter((p) => p.cluster === cluster.name)
    const gpuNodesHere = opts.scale === 'bench' ? Math.floor(opts.nodes / CLUSTERS.length) : 0
    // CPU filler pods of the bench need system nodes: 250 pods each.
    const benchSystemNodes =
      opts.scale === 'bench' ? Math.max(2, Math.ceil(benchCpuPodsPerCluster(opts) / 230)) : 0
    let ipn = 0
    for (const pool of pools) {
      let count = pool.smallNodes
      let scaleSpecial = (n: number) => n
      if (opts.scale === 'bench') {
        count = pool.gpu ? Math.max(1, Math.round(gpuNodesHere * pool.benchWeight)) : benchSystemNodes
        scaleSpecial = (n: number) => (n === 0 ? 0 : Math.max(n, Math.round(count * 0.01)))
      }
      const cordoned = scaleSpecial(pool.cordoned)
      const notReady = scaleSpecial(pool.notReady)
      const degraded = scaleSpecial(pool.degraded)
      const zeroGpu = scaleSpecial(pool.zeroGpu)
      const prod = pool.gpu ? GPU_PRODUCTS[pool.gpu] : null
      const width = Math.max(3, String(count - 1).length)
      for (let i = 0; i < count; i++) {
        const name = `${cluster.name}-${pool.name}-${String(i).padStart(width, '0')}`
        const rng = rngFor(opts.seed, name)
        // Specials sit at the end of the pool: …NotReady, cordoned, degraded, zero.
        const fromEnd = count - 1 - i
        const isNotReady = fromEnd < notReady
        const isCordoned = !isNotReady && fromEnd < notReady + cordoned
        const isDegraded = !isNotReady && !isCordoned && fromEnd < notReady + cordoned + degraded
        const isZero =
          !isNotReady && !isCordoned && !isDegraded && fromEnd < notReady + cordoned + degraded + zeroGpu
        const zone = cluster.zones[i % cluster.zones.length] ?? cluster.zones[0]!
        const labels: Record<string, string> = {
          type: 'kwok',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/region': cluster.region,
          'topology.kubernetes.io/zone': zone,
          [L.pool]: pool.name,
          [L.seeded]: 'true',
        }
        const cpu = prod ? prod.cpu : 64
        const mem = prod ? prod.memoryGi : 256
        const podsCap = pool.gpu ? 110 : opts.scale === 'bench' ? 250 : 110
        const capacity: Record<string, string> = {
          cpu: String(cpu),
          memory: `${mem}Gi`,
          pods: String(podsCap),
          'ephemeral-storage': '2Ti',
        }
        const allocatable: Record<string, string> = {
          cpu: String(cpu - 2),
          memory: `${mem - 8}Gi`,
          pods: String(podsCap),
          'ephemeral-storage': '1900Gi',
        }
        labels['node.kubernetes.io/instance-type'] = prod ? prod.machineType : 'n2-standard-64'
        const uuids: string[] = []
        if (prod) {
          labels['nvidia.com/gpu.present'] = 'true'
          labels[L.gpuProduct] = prod.product
          labels[L.gpuMemory] = String(prod.memoryMiB)
          labels[L.gpuCount] = String(pool.gpusPerNode)
          labels['nvidia.com/gpu.family'] = prod.family
          labels['nvidia.com/gpu.compute.major'] = prod.computeCapability.split('.')[0]!
          labels['nvidia.com/gpu.compute.minor'] = prod.computeCapability.split('.')[1]!
          labels['nvidia.com/cuda.driver-version.full'] = DRIVER_VERSION
          labels[L.migStrategy] = pool.mig === 'mixed' ? 'mixed' : 'none'
          for (let g = 0; g < pool.gpusPerNode; g++) uuids.push(gpuUuid(rng))
          if (pool.dra) {
            labels['nvidia.com/gpu.deploy.dra'] = 'true'
          } else if (pool.mig === 'mixed') {
            const whole = isZero ? 0 : A100_MIXED_LAYOUT.wholeGpus
            capacity[GPU_RESOURCE] = String(whole)
            allocatable[GPU_RESOURCE] = String(isDegraded ? Math.max(0, whole - 1) : whole)
            capacity[MIG_1G] = allocatable[MIG_1G] = String(A100_MIXED_LAYOUT[MIG_1G])
            capacity[MIG_3G] = allocatable[MIG_3G] = String(A100_MIXED_LAYOUT[MIG_3G])
            labels['nvidia.com/mig-1g.5gb.count'] = String(A100_MIXED_LAYOUT[MIG_1G])
            labels['nvidia.com/mig-3g.20gb.count'] = String(A100_MIXED_LAYOUT[MIG_3G])
          } else {
            const n = isZero ? 0 : pool.gpusPerNode
            capacity[GPU_RESOURCE] = String(n)
            allocatable[GPU_RESOURCE] = String(isDegraded ? Math.max(0, n - 1) : n)
          }
        }
        out.push({
          name,
          cluster: cluster.name,
          pool: pool.name,
          gpu: pool.gpu,
          zone,
          internalIP: nodeIP(ci, ipn++),
          gpus: prod ? pool.gpusPerNode : 0,
          capacity,
          allocatable,
          labels,
          cordoned: isCordoned,
          notReady: isNotReady,
          dra: pool.dra,
          gpuUuids: uuids,
        })
      }
    }
  })
  return out
}

function benchGpuFillerPerCluster(
  opts: Required<FleetOptions>,
): { pool: string; gpu: GpuKind; pods: number }[] {
  // 1-GPU filler pods fill ~75% of each nvidia.com/gpu pool (whole GPUs only).
  const perCluster = Math.floor(opts.nodes / CLUSTERS.length)
  const out: { pool: string; gpu: GpuKind; pods: number }[] = []
  for (const pool of POOLS.filter((p) => p.cluster === 'gpu-east' || p.cluster === 'gpu-west')) {
    if (!pool.gpu || pool.dra) continue
    const nodes = Math.max(1, Math.round(perCluster * pool.benchWeight))
    const whole = pool.mig === 'mixed' ? A100_MIXED_LAYOUT.wholeGpus : pool.gpusPerNode
    out.push({ pool: `${pool.cluster}/${pool.name}`, gpu: pool.gpu, pods: Math.floor(nodes * whole * 0.75) })
  }
  return out
}

function benchCpuPodsPerCluster(opts: Required<FleetOptions>): number {
  const gpuPods = benchGpuFillerPerCluster(opts).reduce((a, b) => a + b.pods, 0)
  const target = opts.pods - gpuPods - 400 // ~canonical pods
  return Math.max(0, Math.floor(target / CLUSTERS.length))
}

const BENCH_REPLICAS_PER_DEPLOYMENT = 200

function buildWorkloads(opts: Required<FleetOptions>): Pick<Fleet, 'deployments' | 'pools' | 'routes'> {
  const deployments: DeploymentPlan[] = []
  const pools: PoolPlan[] = []
  const routes: RoutePlan[] = []
  for (const cluster of CLUSTER_NAMES) {
    for (const m of MODELS) {
      const here = m.versions.filter((v) => (v.replicas[cluster] ?? 0) > 0)
      if (here.length === 0) continue
      const ns = teamNs(m.team)
      for (const v of here) {
        const name = `${m.id}-${v.version}`
        const rng = rngFor(opts.seed, `${m.id}/${v.version}`)
        deployments.push({
          name,
          namespace: ns,
          cluster,
          team: m.team,
          model: m.id,
          hfId: m.hfId,
          version: v.version,
          track: v.track,
          replicas: v.replicas[cluster] ?? 0,
          gpu: m.gpu,
          resource: m.dra ? null : (m.resource ?? GPU_RESOURCE),
          perPod: m.gpusPerPod,
          dra: !!m.dra,
          unschedulable: !!m.unschedulable,
          rollouts: ROLLOUT_STEPS,
          component: 'model-server',
          revision: hex(rng, 40),
          ...(m.dra ? { pool: 'h100-dra' } : {}),
        })
        // Endpoint picker of this InferencePool (CPU pod on the system pool).
        deployments.push({
          name: `${name}-epp`,
          namespace: ns,
          cluster,
          team: m.team,
          model: m.id,
          hfId: m.hfId,
          version: v.version,
          track: v.track,
          replicas: 1,
          gpu: null,
          resource: null,
          perPod: 0,
          dra: false,
          unschedulable: false,
          rollouts: 1,
          component: 'endpoint-picker',
          revision: '',
        })
        pools.push({
          name,
          namespace: ns,
          cluster,
          team: m.team,
          model: m.id,
          version: v.version,
          track: v.track,
          epp: true,
        })
      }
      routes.push({
        name: m.id,
        namespace: ns,
        cluster,
        team: m.team,
        model: m.id,
        hfId: m.hfId,
        backends: here.map((v) => ({ pool: `${m.id}-${v.version}`, weight: v.weight })),
      })
    }
  }

  if (opts.scale === 'bench') {
    const teamIds = TEAMS.map((t) => t.id)
    let k = 0
    for (const f of benchGpuFillerPerCluster(opts)) {
      const [cluster, poolName] = f.pool.split('/') as [ClusterName, string]
      let left = f.pods
      while (left > 0) {
        const replicas = Math.min(BENCH_REPLICAS_PER_DEPLOYMENT, left)
        left -= replicas
        const team = teamIds[k % teamIds.length]!
        const id = `bench-${String(k).padStart(4, '0')}`
        k++
        const name = `${id}-v1`
        deployments.push({
          name,
          namespace: teamNs(team),
          cluster,
          team,
          model: id,
          hfId: `aire-bench/model-${id}`,
          version: 'v1',
          track: 'stable',
          replicas,
          gpu: f.gpu,
          pool: poolName,
          resource: GPU_RESOURCE,
          perPod: 1,
          dra: false,
          unschedulable: false,
          rollouts: 1,
          filler: true,
          component: 'model-server',
          revision: hex(rngFor(opts.seed, id), 40),
        })
        pools.push({
          name,
          namespace: teamNs(team),
          cluster,
          team,
          model: id,
          version: 'v1',
          track: 'stable',
          epp: false,
        })
        routes.push({
          name: id,
          namespace: teamNs(team),
          cluster,
          team,
          model: id,
          hfId: `aire-bench/model-${id}`,
          backends: [{ pool: name, weight: 100 }],
        })
      }
    }
    for (const cluster of CLUSTER_NAMES) {
      let left = benchCpuPodsPerCluster(opts)
      let r = 0
      while (left > 0) {
        const replicas = Math.min(BENCH_REPLICAS_PER_DEPLOYMENT, left)
        left -= replicas
        const team = teamIds[r % teamIds.length]!
        deployments.push({
          name: `bench-router-${String(r++).padStart(3, '0')}`,
          namespace: teamNs(team),
          cluster,
          team,
          model: '',
          hfId: '',
          version: 'v1',
          track: 'stable',
          replicas,
          gpu: null,
          resource: null,
          perPod: 0,
          dra: false,
          unschedulable: false,
          rollouts: 1,
          filler: true,
          component: 'router',
          revision: '',
        })
      }
    }
  }
  return { deployments, pools, routes }
}

/** GPU demand (requests) of deployments, keyed by cluster/namespace/resource. */
function demand(deps: DeploymentPlan[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const d of deps) {
    if (!d.resource || d.perPod === 0) continue
    const k = `${d.cluster}/${d.namespace}/${d.resource}`
    m.set(k, (m.get(k) ?? 0) + d.replicas * d.perPod)
  }
  return m
}

export function buildFleet(options: FleetOptions): Fleet {
  const opts: Required<FleetOptions> = {
    scale: options.scale,
    seed: options.seed,
    nodes: options.nodes ?? 5000,
    pods: options.pods ?? 50000,
  }
  const nodes = buildNodes(opts)
  const { deployments, pools, routes } = buildWorkloads(opts)
  const teamsByCluster = { 'gpu-east': [], 'gpu-west': [] } as Record<ClusterName, TeamId[]>
  for (const d of deployments) {
    const list = teamsByCluster[d.cluster]
    if (!list.includes(d.team)) list.push(d.team)
  }
  const dm = demand(deployments)
  const quotas: Fleet['quotas'] = []
  for (const cluster of CLUSTER_NAMES) {
    for (const team of teamsByCluster[cluster]) {
      const ns = teamNs(team)
      const hard: Record<string, string> = {}
      for (const res of [GPU_RESOURCE, MIG_1G, MIG_3G]) {
        const used = dm.get(`${cluster}/${ns}/${res}`) ?? 0
        if (used === 0 && res !== GPU_RESOURCE) continue
        // 25% headroom, rounded up to a multiple of 4 (at least 4).
        hard[`requests.${res}`] = String(Math.max(4, Math.ceil((used * 1.25) / 4) * 4))
      }
      quotas.push({ cluster, namespace: ns, team, hard })
    }
  }
  const objectives: ObjectivePlan[] = OBJECTIVES.flatMap((o) =>
    pools
      .filter((p) => p.model === o.model && p.version === o.version)
      .map((p) => ({
        name: o.name,
        namespace: p.namespace,
        cluster: p.cluster,
        team: p.team,
        pool: p.name,
        priority: o.priority,
      })),
  )
  return { options: opts, nodes, deployments, pools, routes, objectives, quotas, teamsByCluster }
}

// ------------------------------------------------------------------ expected numbers

export interface Totals {
  nodes: number
  /** nodes with the GFD label nvidia.com/gpu.product */
  gpuNodes: number
  /** physical GPUs (sum of nvidia.com/gpu.count labels) */
  physicalGpus: number
  /** sum of status.capacity["nvidia.com/gpu"] */
  gpuCapacity: number
  /** sum of status.allocatable["nvidia.com/gpu"] */
  gpuAllocatable: number
  mig: Record<string, number>
  /** GPUs published through DRA ResourceSlices */
  draDevices: number
  cordoned: number
  notReady: number
  deployments: number
  /** pods the Deployments ask for (replicas) */
  pods: number
  /** model-server pods that can never be scheduled */
  unschedulablePods: number
}

export function expectedTotals(fleet: Fleet, cluster?: ClusterName): Totals {
  const nodes = fleet.nodes.filter((n) => !cluster || n.cluster === cluster)
  const deps = fleet.deployments.filter((d) => !cluster || d.cluster === cluster)
  const num = (s: string | undefined) => (s ? Number(s) : 0)
  const mig: Record<string, number> = { [MIG_1G]: 0, [MIG_3G]: 0 }
  for (const n of nodes) for (const r of [MIG_1G, MIG_3G]) mig[r] = (mig[r] ?? 0) + num(n.capacity[r])
  return {
    nodes: nodes.length,
    gpuNodes: nodes.filter((n) => n.gpu !== null).length,
    physicalGpus: nodes.reduce((a, n) => a + n.gpus, 0),
    gpuCapacity: nodes.reduce((a, n) => a + num(n.capacity[GPU_RESOURCE]), 0),
    gpuAllocatable: nodes.reduce((a, n) => a + num(n.allocatable[GPU_RESOURCE]), 0),
    mig,
    draDevices: nodes.filter((n) => n.dra).reduce((a, n) => a + n.gpuUuids.length, 0),
    cordoned: nodes.filter((n) => n.cordoned).length,
    notReady: nodes.filter((n) => n.notReady).length,
    deployments: deps.length,
    pods: deps.reduce((a, d) => a + d.replicas, 0),
    unschedulablePods: deps.filter((d) => d.unschedulable).reduce((a, d) => a + d.replicas, 0),
  }
}

/** Name of the ConfigMap (namespace aire-system) in which the seeder records its options. */
export const SEED_RECORD = { namespace: 'aire-system', name: 'aire-seed' } as const
