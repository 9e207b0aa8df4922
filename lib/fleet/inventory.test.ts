import { describe, expect, it } from 'vitest'
import { buildInventory, buildNodeDetail, derivePool, withUtilisation } from './inventory'
import { summarize } from './summary'
import { claim, cluster, node, pod, slice } from './fixtures'

describe('buildInventory', () => {
  it('counts GPU requests of pods bound to the node; idle is allocatable minus allocated', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [node('n1')],
        pods: [pod('a', { gpu: { 'nvidia.com/gpu': 4 } }), pod('b', { gpu: { 'nvidia.com/gpu': 2 } })],
      }),
    ])
    expect(inv.nodes).toHaveLength(1)
    expect(inv.nodes[0]).toMatchObject({
      key: 'east/n1',
      total: 8,
      allocated: 6,
      idle: 2,
      pods: 2,
      state: 'allocated',
    })
  })

  it('excludes Succeeded and Failed pods but keeps Pending-bound and terminating ones', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [node('n1')],
        pods: [
          pod('done', { phase: 'Succeeded' }),
          pod('failed', { phase: 'Failed' }),
          pod('starting', { phase: 'Pending' }),
          pod('stopping', { deleting: true }),
        ],
      }),
    ])
    expect(inv.nodes[0]).toMatchObject({ allocated: 2, idle: 6, pods: 2 })
  })

  it('reports pods Pending for GPUs (unscheduled, with GPU requests or claims) with their reason', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [node('n1')],
        namespaces: [{ name: 'team-a', team: 'assistant' }],
        pods: [
          pod('big', {
            node: null,
            phase: 'Pending',
            gpu: { 'nvidia.com/gpu': 16 },
            unschedulable: 'Unschedulable: no fit',
          }),
          pod('dra', { node: null, phase: 'Pending', gpu: {}, claims: ['c1'] }),
          pod('cpu', { node: null, phase: 'Pending', gpu: {} }),
          pod('gone', { node: null, phase: 'Failed' }),
        ],
      }),
    ])
    expect(inv.pending.map((p) => p.name).sort()).toEqual(['big', 'dra'])
    expect(inv.pending.find((p) => p.name === 'big')).toMatchObject({
      team: 'assistant',
      reason: 'Unschedulable: no fit',
    })
    expect(summarize(inv.nodes, inv.pending)).toMatchObject({ pendingPods: 2, pendingGpus: 17 })
  })

  it('keeps GPU nodes with capacity 0 (device plugin silent) and skips CPU nodes', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [
          node('zero', { capacity: { 'nvidia.com/gpu': 0 }, allocatable: { 'nvidia.com/gpu': 0 } }),
          node('cpu', { labels: { 'aire.dev/pool': 'system' }, capacity: {}, allocatable: {} }),
        ],
      }),
    ])
    expect(inv.nodes.map((n) => n.name)).toEqual(['zero'])
    expect(inv.nodes[0]).toMatchObject({ total: 0, idle: 0, physical: 8, state: 'nogpu' })
  })

  it('never reports negative idle when pods over-request (e.g. allocatable dropped after binding)', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [node('n1', { allocatable: { 'nvidia.com/gpu': 7 } })],
        pods: [pod('a', { gpu: { 'nvidia.com/gpu': 8 } })],
      }),
    ])
    expect(inv.nodes[0]).toMatchObject({ capacity: 8, allocatable: 7, allocated: 8, idle: 0, state: 'full' })
  })

  it('tracks MIG slices per profile: capacity, allocatable and allocated', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [
          node('a100', {
            labels: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB', 'aire.dev/pool': 'a100-mig' },
            capacity: { 'nvidia.com/gpu': 4, 'nvidia.com/mig-1g.5gb': 14, 'nvidia.com/mig-3g.20gb': 4 },
            allocatable: { 'nvidia.com/gpu': 4, 'nvidia.com/mig-1g.5gb': 14, 'nvidia.com/mig-3g.20gb': 4 },
          }),
        ],
        pods: [
          pod('emb1', { node: 'a100', gpu: { 'nvidia.com/mig-1g.5gb': 1 } }),
          pod('emb2', { node: 'a100', gpu: { 'nvidia.com/mig-1g.5gb': 1 } }),
          pod('qwen', { node: 'a100', gpu: { 'nvidia.com/mig-3g.20gb': 1 } }),
        ],
      }),
    ])
    const r = inv.nodes[0]!
    expect(r.mig).toEqual([
      { resource: 'nvidia.com/mig-1g.5gb', capacity: 14, allocatable: 14, allocated: 2 },
      { resource: 'nvidia.com/mig-3g.20gb', capacity: 4, allocatable: 4, allocated: 1 },
    ])
    // Whole GPUs untouched, but MIG in use: the node is not "idle".
    expect(r).toMatchObject({ total: 4, allocated: 0, idle: 4, state: 'allocated' })
    expect(summarize(inv.nodes).totals.mig).toEqual({ capacity: 18, allocated: 3 })
  })

  it('counts DRA devices from ResourceSlices and allocated ones from ResourceClaims', () => {
    const inv = buildInventory([
      cluster('west', {
        nodes: [node('dra1', { labels: { 'aire.dev/pool': 'h100-dra' }, capacity: {}, allocatable: {} })],
        resourceslices: [slice('dra1', 8)],
        resourceclaims: [claim('c1', 'dra1', 'gpu-0', 'p1'), claim('c2', 'dra1', 'gpu-3', 'p2')],
        pods: [
          pod('p1', { node: 'dra1', gpu: {}, claims: ['c1'] }),
          pod('p2', { node: 'dra1', gpu: {}, claims: ['c2'] }),
        ],
      }),
    ])
    const r = inv.nodes[0]!
    expect(r).toMatchObject({
      product: 'NVIDIA-H100-80GB-HBM3',
      pool: 'h100-dra',
      total: 8,
      allocated: 2,
      idle: 6,
      physical: 8,
      dra: { devices: 8, allocated: 2, driver: 'gpu.nvidia.com' },
    })
    const detail = buildNodeDetail(
      cluster('west', {
        nodes: [node('dra1', { capacity: {}, allocatable: {} })],
        resourceslices: [slice('dra1', 8)],
        resourceclaims: [claim('c1', 'dra1', 'gpu-0', 'p1')],
        pods: [pod('p1', { node: 'dra1', gpu: {}, claims: ['c1'] })],
      }),
      'dra1',
    )
    expect(detail?.pods[0]).toMatchObject({ name: 'p1', draDevices: ['gpu-0'] })
    expect(detail?.draDevices.filter((d) => d.pod)).toHaveLength(1)
  })

  it('flags cordoned and NotReady nodes; their idle GPUs count as unavailable', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [node('c', { unschedulable: true }), node('nr', { ready: false }), node('ok')],
        pods: [pod('a', { node: 'ok', gpu: { 'nvidia.com/gpu': 8 } })],
      }),
    ])
    expect(inv.nodes.map((n) => [n.name, n.state])).toEqual([
      ['c', 'cordoned'],
      ['nr', 'notready'],
      ['ok', 'full'],
    ])
    expect(summarize(inv.nodes).totals).toMatchObject({
      total: 24,
      allocated: 8,
      idle: 16,
      unavailable: 16,
      cordoned: 1,
      notReady: 1,
    })
  })

  it('flags allocated-but-idle only when utilisation is known', () => {
    const clusters = [
      cluster('east', { nodes: [node('n1'), node('n2')], pods: [pod('a'), pod('b', { node: 'n2' })] }),
    ]
    expect(
      buildInventory(clusters).nodes.every((n) => !n.allocatedButIdle && n.utilisation === undefined),
    ).toBe(true)
    const inv = buildInventory(
      clusters,
      new Map([
        ['east/n1', { now: 0.01, held: 0.01, peak: 0.02 }],
        ['east/n2', { now: 0.9, held: 0.9, peak: 0.95 }],
      ]),
    )
    expect(inv.nodes.map((n) => n.allocatedButIdle)).toEqual([true, false])
    expect(inv.nodes.map((n) => n.utilisation)).toEqual([0.01, 0.9])
    expect(summarize(inv.nodes).totals.allocatedButIdle).toBe(1)
  })

  it('lays fresh utilisation over an inventory without rebuilding the rows Prometheus does not know', () => {
    const clusters = [
      cluster('east', { nodes: [node('n1'), node('n2')], pods: [pod('a'), pod('b', { node: 'n2' })] }),
    ]
    const base = buildInventory(clusters)
    const inv = withUtilisation(base, new Map([['east/n1', { now: 0.02, held: 0.03, peak: 0.04 }]]))
    expect(inv.nodes[0]).toMatchObject({ utilisation: 0.02, allocatedButIdle: true })
    expect(inv.nodes[1]).toBe(base.nodes[1])
    expect(base.nodes[0]!.utilisation).toBeUndefined()
    expect(withUtilisation(base, null)).toBe(base)
  })

  it('collects the teams and models on each node, team from the namespace when the pod has none', () => {
    const inv = buildInventory([
      cluster('east', {
        nodes: [node('n1')],
        namespaces: [{ name: 'team-b', team: 'search' }],
        pods: [pod('a', { team: 'assistant' }), pod('b', { namespace: 'team-b', model: 'bge' })],
      }),
    ])
    expect(inv.nodes[0]).toMatchObject({ teams: ['assistant', 'search'], models: ['bge', 'llama'] })
  })
})

describe('derivePool', () => {
  it('prefers aire.dev/pool, then cloud pool labels, then the product', () => {
    expect(derivePool({ 'aire.dev/pool': 'x', 'cloud.google.com/gke-nodepool': 'y' }, 'P')).toBe('x')
    expect(derivePool({ 'cloud.google.com/gke-nodepool': 'y' }, 'P')).toBe('y')
    expect(derivePool({ 'karpenter.sh/nodepool': 'k' }, 'P')).toBe('k')
    expect(derivePool({}, 'P')).toBe('P')
  })
})

describe('summarize', () => {
  it('totals by product and by cluster', () => {
    const l4 = { 'nvidia.com/gpu.product': 'NVIDIA-L4', 'aire.dev/pool': 'l4' }
    const inv = buildInventory([
      cluster('east', {
        nodes: [
          node('h1'),
          node('l1', { labels: l4, capacity: { 'nvidia.com/gpu': 1 }, allocatable: { 'nvidia.com/gpu': 1 } }),
        ],
        pods: [pod('a', { node: 'h1', gpu: { 'nvidia.com/gpu': 3 } }), pod('b', { node: 'l1' })],
      }),
      cluster('west', { nodes: [node('h2')] }),
    ])
    const s = summarize(inv.nodes)
    expect(s.totals).toMatchObject({ nodes: 3, total: 17, allocated: 4, idle: 13 })
    expect(s.byProduct.map((p) => [p.key, p.total, p.allocated, p.idle])).toEqual([
      ['NVIDIA-H100-80GB-HBM3', 16, 3, 13],
      ['NVIDIA-L4', 1, 1, 0],
    ])
    expect(s.byCluster.map((c) => [c.key, c.total, c.allocated])).toEqual([
      ['east', 9, 4],
      ['west', 8, 0],
    ])
  })
})
