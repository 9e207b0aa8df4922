import { describe, expect, it } from 'vitest'
import { buildModels, filterModels, servedModelArg } from './models'
import { diffContainers, revisionHistory } from './revisions'
import { rolloutStatus } from './rollout'
import { poolShares } from './traffic'
import { cluster, deployment, inferencePool, replicaSet, route } from './fixtures'

describe('poolShares', () => {
  it('turns rule weights into percentages of the rule', () => {
    const s = poolShares([
      route('llama', [
        ['llama-v1', 90],
        ['llama-v2', 10],
      ]),
    ])
    expect(s.get('team-a/llama-v1')).toEqual([
      { route: 'team-a/llama', pool: 'llama-v1', rule: 0, weight: 90, share: 90 },
    ])
    expect(s.get('team-a/llama-v2')?.[0]?.share).toBe(10)
  })

  it('gives every backend 0% when all weights are 0, and ignores non-pool backends', () => {
    const r = route('m', [
      ['a', 0],
      ['b', 0],
    ])
    r.rules[0]!.backendRefs.push({ group: '', kind: 'Service', name: 'svc', namespace: 'team-a', weight: 5 })
    const s = poolShares([r])
    expect(s.get('team-a/a')?.[0]?.share).toBe(0)
    expect(s.has('team-a/svc')).toBe(false)
  })

  it('computes three-way splits exactly', () => {
    const s = poolShares([
      route('mix', [
        ['v1', 60],
        ['v2', 30],
        ['v3', 10],
      ]),
    ])
    expect(['v1', 'v2', 'v3'].map((p) => s.get(`team-a/${p}`)?.[0]?.share)).toEqual([60, 30, 10])
    const uneven = poolShares([
      route('u', [
        ['x', 1],
        ['y', 2],
      ]),
    ])
    expect(uneven.get('team-a/x')?.[0]?.share).toBeCloseTo(33.333, 2)
  })
})

describe('rolloutStatus', () => {
  it('is complete when all replicas are updated and available', () => {
    expect(rolloutStatus(deployment('d')).state).toBe('complete')
  })
  it('is progressing while replicas are being replaced', () => {
    expect(
      rolloutStatus(
        deployment('d', { status: { replicas: 3, ready: 2, updated: 1, available: 2, unavailable: 1 } }),
      ).state,
    ).toBe('progressing')
    expect(rolloutStatus(deployment('d', { generation: 4, observedGeneration: 3 })).state).toBe('progressing')
  })
  it('is stalled on ProgressDeadlineExceeded and paused when paused', () => {
    const stalled = deployment('d', {
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
          message: 'took too long',
        },
      ],
    })
    expect(rolloutStatus(stalled)).toEqual({ state: 'stalled', message: 'took too long' })
    expect(rolloutStatus(deployment('d', { paused: true })).state).toBe('paused')
  })
})

describe('revision history', () => {
  it('diffs image and args against the previous revision', () => {
    expect(
      diffContainers(
        [{ name: 'vllm', image: 'vllm:0.10.1', command: [], args: ['--model=m', '--port=8000'] }],
        [
          {
            name: 'vllm',
            image: 'vllm:0.10.2',
            command: [],
            args: ['--model=m', '--port=8000', '--max-num-seqs=256'],
          },
        ],
      ),
    ).toEqual([
      {
        container: 'vllm',
        image: { from: 'vllm:0.10.1', to: 'vllm:0.10.2' },
        argsAdded: ['--max-num-seqs=256'],
        argsRemoved: [],
      },
    ])
  })

  it('reports added and removed containers, and nothing for identical templates', () => {
    const a = { name: 'a', image: 'x', command: [], args: ['--x'] }
    const b = { name: 'b', image: 'y', command: [], args: [] }
    expect(diffContainers([a], [a])).toEqual([])
    const d = diffContainers([a], [b])
    expect(d.map((x) => [x.container, x.added ?? false, x.removed ?? false])).toEqual([
      ['b', true, false],
      ['a', false, true],
    ])
  })

  it('lists owned ReplicaSets newest first, numerically, marking the current one', () => {
    const d = deployment('llama-v1', { revision: '10' })
    const rss = [
      replicaSet('rs-9', '9'),
      replicaSet('rs-10', '10', {
        containers: [
          { name: 'vllm', image: 'vllm/vllm-openai:v0.10.2', command: [], args: ['--model=meta/llama'] },
        ],
      }),
      replicaSet('rs-2', '2'),
    ]
    const h = revisionHistory(d, rss)
    expect(h.map((r) => [r.revision, r.current])).toEqual([
      [10, true],
      [9, false],
      [2, false],
    ])
    expect(h[0]?.diff?.[0]?.image).toEqual({
      from: 'vllm/vllm-openai:v0.10.1',
      to: 'vllm/vllm-openai:v0.10.2',
    })
    expect(h[2]?.diff).toBeNull()
  })
})

describe('servedModelArg', () => {
  it('reads --model=, --model X and vllm serve X', () => {
    const c = (command: string[], args: string[]) => [{ name: 'c', image: 'i', command, args }]
    expect(servedModelArg(c([], ['--model=meta/llama']))).toBe('meta/llama')
    expect(servedModelArg(c([], ['--port', '1', '--model', 'q/qwen']))).toBe('q/qwen')
    expect(servedModelArg(c(['vllm', 'serve', 'mistral/m'], ['--port=1']))).toBe('mistral/m')
    expect(servedModelArg(c(['router'], []))).toBeNull()
  })
})

describe('buildModels', () => {
  const v1 = deployment('llama-v1')
  const v2 = deployment('llama-v2', {
    uid: 'uid-llama-v2',
    labels: {
      'aire.dev/model': 'llama',
      'aire.dev/version': 'v2',
      'aire.dev/track': 'canary',
      'aire.dev/team': 'a',
    },
    templateLabels: {
      'aire.dev/model': 'llama',
      'aire.dev/version': 'v2',
      'aire.dev/component': 'model-server',
    },
    replicas: 1,
    status: { replicas: 1, ready: 0, updated: 1, available: 0, unavailable: 1 },
  })
  const epp = deployment('llama-v1-epp', {
    labels: { 'aire.dev/model': 'llama', 'aire.dev/component': 'endpoint-picker' },
    gpuPerReplica: {},
  })
  const east = cluster('east', {
    deployments: [v1, v2, epp],
    replicasets: [replicaSet('llama-v1-a', '1'), replicaSet('llama-v1-b', '2')],
    inferencepools: [
      inferencePool('llama-v1', {
        'aire.dev/model': 'llama',
        'aire.dev/version': 'v1',
        'aire.dev/component': 'model-server',
      }),
      inferencePool('llama-v2', { 'aire.dev/model': 'llama', 'aire.dev/version': 'v2' }),
      inferencePool('other-ns', { 'aire.dev/model': 'llama' }, 'team-b'),
    ],
    httproutes: [
      route('llama', [
        ['llama-v1', 90],
        ['llama-v2', 10],
      ]),
    ],
  })

  it('groups versions by model with replicas, GPUs, pools, traffic and history; skips endpoint pickers', () => {
    const [g, ...rest] = buildModels([east])
    expect(rest).toEqual([])
    expect(g).toMatchObject({
      model: 'llama',
      servedModel: 'meta/llama',
      desired: 3,
      ready: 2,
      gpus: 12,
      serving: true,
    })
    expect(g!.rollout).toBe('progressing')
    const [a, b] = g!.versions
    expect(a).toMatchObject({
      version: 'v1',
      gpusPerReplica: 4,
      gpusTotal: 8,
      pools: ['team-a/llama-v1'],
      team: 'a',
    })
    expect(a!.traffic.map((t) => t.share)).toEqual([90])
    expect(a!.revisions.map((r) => r.revision)).toEqual([2, 1])
    expect(b).toMatchObject({ version: 'v2', track: 'canary', pools: ['team-a/llama-v2'] })
    expect(b!.traffic[0]?.share).toBe(10)
    expect(b!.revisions).toEqual([])
  })

  it('counts MIG slices and DRA claims as GPUs per replica', () => {
    const mig = deployment('q', { gpuPerReplica: { 'nvidia.com/mig-3g.20gb': 1 }, replicas: 3 })
    const dra = deployment('v', {
      labels: { 'aire.dev/model': 'vis' },
      gpuPerReplica: {},
      claimTemplates: 1,
      replicas: 2,
    })
    const groups = buildModels([cluster('c', { deployments: [mig, dra] })])
    expect(groups.map((g) => [g.model, g.gpus])).toEqual([
      ['llama', 3],
      ['vis', 2],
    ])
  })

  it('filters by cluster and team and recomputes totals', () => {
    const west = cluster('west', { deployments: [deployment('llama-v1', { replicas: 5 })] })
    const all = buildModels([east, west])
    expect(all[0]?.desired).toBe(8)
    const onlyWest = filterModels(all, { cluster: 'west' })
    expect(onlyWest[0]).toMatchObject({ desired: 5, clusters: ['west'] })
    expect(filterModels(all, { team: 'nobody' })).toEqual([])
    expect(filterModels(all, { q: 'META/' })).toHaveLength(1)
  })
})
