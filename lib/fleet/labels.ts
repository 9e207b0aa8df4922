/** Label and resource names the fleet views rely on (see dev/seed/fleet.ts and docs REFERENCE). */
export const LABEL = {
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
  zone: 'topology.kubernetes.io/zone',
  instanceType: 'node.kubernetes.io/instance-type',
} as const

export const GPU_RESOURCE = 'nvidia.com/gpu'
export const MIG_PREFIX = 'nvidia.com/mig-'
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause'

/** Node labels naming the node pool, most specific first; the GPU product is the fallback. */
export const POOL_LABELS = [
  LABEL.pool,
  'cloud.google.com/gke-nodepool',
  'karpenter.sh/nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  'agentpool',
] as const

/** Node labels the watch cache keeps (everything else is dropped to save memory). */
export const NODE_LABEL_KEYS: ReadonlySet<string> = new Set<string>([
  ...POOL_LABELS,
  LABEL.gpuProduct,
  LABEL.gpuMemory,
  LABEL.gpuCount,
  LABEL.migStrategy,
  LABEL.zone,
  LABEL.instanceType,
])

/** Extended resources counted as accelerators: whole GPUs and MIG slices. */
export function isGpuResource(name: string): boolean {
  return name.startsWith('nvidia.com/') || name === 'amd.com/gpu'
}

export function isMigResource(name: string): boolean {
  return name.startsWith(MIG_PREFIX)
}

/** Code-unit order: Kubernetes names are ASCII, and Intl collation (localeCompare) is ~10× slower. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
