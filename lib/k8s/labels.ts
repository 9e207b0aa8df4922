/**
 * Every Kubernetes label and annotation the console reads or writes, in one place (see
 * dev/seed/fleet.ts and docs/REFERENCE.md). Names of other projects (NVIDIA GPU feature discovery,
 * node pools, kubectl) are read only; the aire.dev/ ones the console also writes.
 */
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

/** Prefix of the console's own labels, all kept on Deployments by the watch projection. */
export const AIRE_PREFIX = 'aire.dev/'

export const ANNOTATION = {
  /** Why the console changed an object: who, which action; written with every console change. */
  changeCause: 'aire.dev/change-cause',
  /** kubectl's change cause, read for the revision history. */
  kubectlChangeCause: 'kubernetes.io/change-cause',
  /** The Deployment controller's revision number on each ReplicaSet. */
  revision: 'deployment.kubernetes.io/revision',
} as const

export const REVISION_ANNOTATION = ANNOTATION.revision
export const CHANGE_CAUSE_ANNOTATION = ANNOTATION.kubectlChangeCause

export const GPU_RESOURCE = 'nvidia.com/gpu'
export const MIG_PREFIX = 'nvidia.com/mig-'

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
