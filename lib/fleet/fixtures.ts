/** Builders of cached objects for the unit tests of lib/fleet (not used at run time). */
import type {
  DeploymentLite,
  HTTPRouteLite,
  InferencePoolLite,
  NodeLite,
  PodLite,
  ReplicaSetLite,
  ResourceClaimLite,
  ResourceSliceLite,
} from '@/lib/k8s/watch/types'
import type { FleetCluster } from './types'

export function node(name: string, over: Partial<NodeLite> = {}): NodeLite {
  return {
    name,
    labels: {
      'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
      'aire.dev/pool': 'h100',
      'nvidia.com/gpu.count': '8',
    },
    unschedulable: false,
    ready: true,
    capacity: { 'nvidia.com/gpu': 8 },
    allocatable: { 'nvidia.com/gpu': 8 },
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  }
}

export function pod(name: string, over: Partial<PodLite> = {}): PodLite {
  return {
    namespace: 'team-a',
    name,
    node: 'n1',
    phase: 'Running',
    ready: true,
    deleting: false,
    gpu: { 'nvidia.com/gpu': 1 },
    claims: [],
    model: 'llama',
    version: 'v1',
    track: 'stable',
    team: null,
    component: 'model-server',
    owner: null,
    unschedulable: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  }
}

export function deployment(name: string, over: Partial<DeploymentLite> = {}): DeploymentLite {
  return {
    namespace: 'team-a',
    name,
    uid: `uid-${name}`,
    labels: {
      'aire.dev/model': 'llama',
      'aire.dev/version': 'v1',
      'aire.dev/track': 'stable',
      'aire.dev/team': 'a',
    },
    selector: { 'aire.dev/model': 'llama', 'aire.dev/version': 'v1' },
    templateLabels: {
      'aire.dev/model': 'llama',
      'aire.dev/version': 'v1',
      'aire.dev/component': 'model-server',
    },
    generation: 3,
    observedGeneration: 3,
    paused: false,
    replicas: 2,
    status: { replicas: 2, ready: 2, updated: 2, available: 2, unavailable: 0 },
    conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: null }],
    containers: [
      { name: 'vllm', image: 'vllm/vllm-openai:v0.10.2', command: [], args: ['--model=meta/llama'] },
    ],
    gpuPerReplica: { 'nvidia.com/gpu': 4 },
    claimTemplates: 0,
    revision: '2',
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  }
}

export function replicaSet(
  name: string,
  revision: string,
  over: Partial<ReplicaSetLite> = {},
): ReplicaSetLite {
  return {
    namespace: 'team-a',
    name,
    owner: { kind: 'Deployment', name: 'llama-v1' },
    ownerUid: 'uid-llama-v1',
    revision,
    changeCause: null,
    replicas: 0,
    ready: 0,
    containers: [
      { name: 'vllm', image: 'vllm/vllm-openai:v0.10.1', command: [], args: ['--model=meta/llama'] },
    ],
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  }
}

export function inferencePool(
  name: string,
  selector: Record<string, string>,
  namespace = 'team-a',
): InferencePoolLite {
  return { namespace, name, selector, labels: {}, targetPorts: [8000], endpointPicker: null }
}

export function route(name: string, backends: [string, number][], namespace = 'team-a'): HTTPRouteLite {
  return {
    namespace,
    name,
    parents: ['gw'],
    labels: {},
    rules: [
      {
        backendRefs: backends.map(([pool, weight]) => ({
          group: 'inference.networking.k8s.io',
          kind: 'InferencePool',
          name: pool,
          namespace,
          weight,
        })),
      },
    ],
  }
}

export function slice(nodeName: string, devices: number): ResourceSliceLite {
  return {
    name: `${nodeName}-gpu.nvidia.com`,
    driver: 'gpu.nvidia.com',
    node: nodeName,
    pool: nodeName,
    devices: Array.from({ length: devices }, (_, i) => ({
      name: `gpu-${i}`,
      productName: 'NVIDIA H100 80GB HBM3',
      uuid: `GPU-${i}`,
      memory: 80 * 2 ** 30,
    })),
  }
}

export function claim(name: string, nodeName: string, device: string, podName: string): ResourceClaimLite {
  return {
    namespace: 'team-a',
    name,
    devices: [{ driver: 'gpu.nvidia.com', pool: nodeName, device }],
    reservedFor: [podName],
  }
}

export function cluster(name: string, parts: Partial<Omit<FleetCluster, 'name'>> = {}): FleetCluster {
  return {
    name,
    status: null,
    nodes: [],
    pods: [],
    deployments: [],
    replicasets: [],
    resourceslices: [],
    resourceclaims: [],
    inferencepools: [],
    httproutes: [],
    namespaces: [],
    ...parts,
  }
}
