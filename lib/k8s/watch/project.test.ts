import { describe, expect, it } from 'vitest'
import {
  objectKey,
  podSpecGpuRequests,
  projectDeployment,
  projectEvent,
  projectHTTPRoute,
  projectInferencePool,
  projectNode,
  projectPod,
  projectResourceClaim,
  projectResourceSlice,
} from './project'
// The projection's reading of quantities: NaN (skipped by its sums) where the parser says null.
import { quantityOrNaN as parseQuantity } from '@/lib/k8s/quantity'

describe('parseQuantity', () => {
  it('parses plain, decimal-suffixed, binary-suffixed and exponent quantities', () => {
    expect(parseQuantity('8')).toBe(8)
    expect(parseQuantity('500m')).toBe(0.5)
    expect(parseQuantity('80Gi')).toBe(80 * 2 ** 30)
    expect(parseQuantity('1k')).toBe(1000)
    expect(parseQuantity('1e3')).toBe(1000)
    expect(parseQuantity(4)).toBe(4)
    expect(parseQuantity('lots')).toBeNaN()
    expect(parseQuantity(undefined)).toBeNaN()
  })
})

describe('podSpecGpuRequests', () => {
  it('sums containers; limits stand in for missing requests (extended resources)', () => {
    expect(
      podSpecGpuRequests({
        containers: [
          { resources: { requests: { 'nvidia.com/gpu': '2', cpu: '4' } } },
          { resources: { limits: { 'nvidia.com/gpu': '1' } } },
          { resources: { requests: { cpu: '1' } } },
        ],
      }),
    ).toEqual({ 'nvidia.com/gpu': 3 })
  })

  it('applies init containers as the scheduler does (max of init, sidecars added)', () => {
    expect(
      podSpecGpuRequests({
        initContainers: [{ resources: { limits: { 'nvidia.com/gpu': '4' } } }],
        containers: [{ resources: { limits: { 'nvidia.com/gpu': '1' } } }],
      }),
    ).toEqual({ 'nvidia.com/gpu': 4 })
    expect(
      podSpecGpuRequests({
        initContainers: [{ restartPolicy: 'Always', resources: { limits: { 'nvidia.com/gpu': '1' } } }],
        containers: [{ resources: { limits: { 'nvidia.com/gpu': '2' } } }],
      }),
    ).toEqual({ 'nvidia.com/gpu': 3 })
  })

  it('keeps MIG resources apart and ignores malformed specs', () => {
    expect(
      podSpecGpuRequests({ containers: [{ resources: { limits: { 'nvidia.com/mig-1g.5gb': '1' } } }] }),
    ).toEqual({
      'nvidia.com/mig-1g.5gb': 1,
    })
    expect(podSpecGpuRequests(null)).toEqual({})
    expect(podSpecGpuRequests({ containers: 'nope' })).toEqual({})
  })
})

describe('projections', () => {
  it('keeps only the node fields the views read', () => {
    const n = projectNode({
      metadata: {
        name: 'n1',
        labels: {
          'nvidia.com/gpu.product': 'NVIDIA-L4',
          'aire.dev/pool': 'l4',
          noisy: 'x',
          'nvidia.com/mig-1g.5gb.count': '7',
        },
      },
      spec: { unschedulable: true },
      status: {
        capacity: { cpu: '16', 'nvidia.com/gpu': '1' },
        allocatable: { 'nvidia.com/gpu': '1' },
        conditions: [{ type: 'Ready', status: 'False' }],
      },
    })
    expect(n).toMatchObject({
      name: 'n1',
      labels: {
        'nvidia.com/gpu.product': 'NVIDIA-L4',
        'aire.dev/pool': 'l4',
        'nvidia.com/mig-1g.5gb.count': '7',
      },
      unschedulable: true,
      ready: false,
      capacity: { 'nvidia.com/gpu': 1 },
    })
    expect(n.labels.noisy).toBeUndefined()
  })

  it('projects a pod with claims, owner, labels and the scheduling failure', () => {
    const p = projectPod({
      metadata: {
        name: 'p',
        namespace: 'ns',
        labels: { 'aire.dev/model': 'm', 'aire.dev/team': 't' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', controller: true }],
      },
      spec: {
        containers: [{ resources: { limits: { 'nvidia.com/gpu': '8' } } }],
        resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: 't' }],
      },
      status: {
        phase: 'Pending',
        conditions: [
          { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes' },
        ],
        resourceClaimStatuses: [{ name: 'gpu', resourceClaimName: 'p-gpu-abc' }],
      },
    })
    expect(p).toMatchObject({
      node: null,
      phase: 'Pending',
      gpu: { 'nvidia.com/gpu': 8 },
      claims: ['p-gpu-abc'],
      model: 'm',
      team: 't',
      owner: { kind: 'ReplicaSet', name: 'rs' },
      unschedulable: 'Unschedulable: 0/3 nodes',
    })
    expect(objectKey({ metadata: { name: 'p', namespace: 'ns' } })).toBe('ns/p')
    expect(objectKey({ metadata: { name: 'n' } })).toBe('n')
  })

  it('projects DRA slices (v1 and v1beta1 shapes) and claims', () => {
    const s = projectResourceSlice({
      metadata: { name: 's' },
      spec: {
        driver: 'gpu.nvidia.com',
        nodeName: 'n',
        pool: { name: 'n' },
        devices: [
          {
            name: 'gpu-0',
            attributes: { productName: { string: 'NVIDIA H100' } },
            capacity: { memory: { value: '80Gi' } },
          },
          { name: 'gpu-1', basic: { attributes: { uuid: { string: 'GPU-1' } } } },
        ],
      },
    })
    expect(s.devices).toEqual([
      { name: 'gpu-0', productName: 'NVIDIA H100', uuid: null, memory: 80 * 2 ** 30 },
      { name: 'gpu-1', productName: null, uuid: 'GPU-1', memory: null },
    ])
    const c = projectResourceClaim({
      metadata: { name: 'c', namespace: 'ns' },
      status: {
        allocation: {
          devices: { results: [{ driver: 'gpu.nvidia.com', pool: 'n', device: 'gpu-0', request: 'gpu' }] },
        },
        reservedFor: [{ resource: 'pods', name: 'p' }],
      },
    })
    expect(c).toEqual({
      namespace: 'ns',
      name: 'c',
      devices: [{ driver: 'gpu.nvidia.com', pool: 'n', device: 'gpu-0' }],
      reservedFor: ['p'],
    })
  })

  it('projects deployments with template GPUs and revision', () => {
    const d = projectDeployment({
      metadata: {
        name: 'd',
        namespace: 'ns',
        uid: 'u',
        generation: 2,
        annotations: { 'deployment.kubernetes.io/revision': '3' },
      },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: {
            containers: [
              {
                name: 'vllm',
                image: 'i',
                args: ['--model=m'],
                resources: { limits: { 'nvidia.com/gpu': 2 } },
              },
            ],
          },
        },
      },
      status: {
        observedGeneration: 2,
        readyReplicas: 3,
        conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
      },
    })
    expect(d).toMatchObject({
      replicas: 4,
      revision: '3',
      gpuPerReplica: { 'nvidia.com/gpu': 2 },
      status: { ready: 3 },
    })
    expect(d.containers).toEqual([{ name: 'vllm', image: 'i', command: [], args: ['--model=m'] }])
  })

  it('defaults HTTPRoute backend weight to 1 and namespace to the route namespace', () => {
    const r = projectHTTPRoute({
      metadata: { name: 'r', namespace: 'ns' },
      spec: {
        rules: [
          { backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'p' }] },
        ],
      },
    })
    expect(r.rules[0]?.backendRefs[0]).toEqual({
      group: 'inference.networking.k8s.io',
      kind: 'InferencePool',
      name: 'p',
      namespace: 'ns',
      weight: 1,
      port: null,
    })
  })

  it('names HTTPRoute rules by their matches, and reads Accepted/ResolvedRefs over every parent', () => {
    const r = projectHTTPRoute({
      metadata: { name: 'r', namespace: 'ns' },
      spec: {
        hostnames: ['llm.example.com'],
        rules: [
          {
            name: 'canary',
            matches: [
              { path: { type: 'PathPrefix', value: '/v1' }, headers: [{ name: 'x-canary', value: 'true' }] },
              { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-tier', value: 'gold' }] },
              { method: 'POST', path: { type: 'Exact', value: '/v1/chat/completions' } },
            ],
            filters: [{ type: 'RequestHeaderModifier' }],
            timeouts: { request: '30s' },
            backendRefs: [{ name: 's', port: 8000 }],
          },
        ],
      },
      status: {
        parents: [
          {
            conditions: [
              { type: 'Accepted', status: 'True' },
              { type: 'ResolvedRefs', status: 'True' },
            ],
          },
          {
            conditions: [
              { type: 'Accepted', status: 'True' },
              { type: 'ResolvedRefs', status: 'False' },
            ],
          },
        ],
      },
    })
    expect(r.rules[0]).toMatchObject({
      name: 'canary',
      matches: ['/v1 · x-canary=true', 'x-tier=gold', 'POST = /v1/chat/completions'],
      filters: ['RequestHeaderModifier'],
      timeouts: 'request 30s',
    })
    expect(r.rules[0]?.backendRefs[0]).toMatchObject({ kind: 'Service', port: 8000 })
    expect(r.hostnames).toEqual(['llm.example.com'])
    expect([r.accepted, r.resolvedRefs]).toEqual([true, false])
  })

  it('reads InferencePool selectors in v1 and legacy shapes', () => {
    expect(
      projectInferencePool({ metadata: { name: 'p' }, spec: { selector: { matchLabels: { a: 'b' } } } })
        .selector,
    ).toEqual({ a: 'b' })
    expect(
      projectInferencePool({ metadata: { name: 'p' }, spec: { selector: { a: 'b' } } }).selector,
    ).toEqual({ a: 'b' })
  })

  it('truncates long event messages', () => {
    const e = projectEvent({
      metadata: { name: 'e', namespace: 'ns' },
      message: 'x'.repeat(1000),
      involvedObject: { kind: 'Pod', name: 'p' },
    })
    expect(e.message.length).toBeLessThanOrEqual(301)
    expect(e.involved).toEqual({ kind: 'Pod', name: 'p', namespace: 'ns' })
  })
})
