import { describe, expect, it } from 'vitest'
import { cluster, deployment, inferencePool, pod, replicaSet } from './fixtures'
import {
  KV_CACHE_THRESHOLD,
  QUEUE_THRESHOLD,
  SATURATION_QUERY,
  classify,
  parseSaturation,
  podPoolIndex,
  saturationText,
  targetSaturation,
  verdictText,
  type PoolSaturation,
  type Sample,
  type SaturationView,
} from './saturation-math'
import { buildModels } from './models'

const CLUSTERS = ['east', 'west']
const NO_PODS = new Map<string, string[]>()

function epp(field: string, source: string, value: number, over: Record<string, string> = {}): Sample {
  return {
    metric: {
      cluster: 'east',
      namespace: 'team-a',
      name: 'llama-v1',
      aire_metric: field,
      aire_source: source,
      ...over,
    },
    value,
  }
}

function vllm(field: string, podName: string, value: number, cl = 'east'): Sample {
  return { metric: { cluster: cl, namespace: 'team-a', pod: podName, aire_metric: field }, value }
}

describe('the saturation query', () => {
  it('asks both EPP generations, the newer first, and vLLM per pod, in one expression', () => {
    for (const m of [
      'llm_d_epp_average_queue_size',
      'inference_pool_average_queue_size',
      'llm_d_epp_average_kv_cache_utilization',
      'inference_pool_average_kv_cache_utilization',
      'llm_d_epp_average_running_requests',
      'inference_pool_average_running_requests',
      'llm_d_epp_ready_endpoints',
      'inference_pool_ready_pods',
      'vllm:num_requests_waiting',
      'vllm:num_requests_running',
      'vllm:kv_cache_usage_perc',
    ]) {
      expect(SATURATION_QUERY).toContain(`(${m})`)
    }
    expect(SATURATION_QUERY).toContain(
      '(label_replace(label_replace(max by (cluster, namespace, name) (llm_d_epp_average_queue_size), ' +
        '"aire_metric", "queue", "", ""), "aire_source", "llm-d", "", "") or ignoring(aire_source) ' +
        'label_replace(label_replace(max by (cluster, namespace, name) (inference_pool_average_queue_size), ' +
        '"aire_metric", "queue", "", ""), "aire_source", "inference_pool", "", ""))',
    )
    expect(SATURATION_QUERY).toContain('max by (cluster, namespace, pod) (vllm:num_requests_waiting)')
  })
})

describe('parseSaturation', () => {
  it('reads the llm_d_epp_* generation', () => {
    const m = parseSaturation(
      [
        epp('queue', 'llm-d', 0.2),
        epp('kv', 'llm-d', 0.41),
        epp('running', 'llm-d', 3),
        epp('ready', 'llm-d', 2),
      ],
      CLUSTERS,
      NO_PODS,
    )
    const s = m.get('east/team-a/llama-v1')!
    expect(s).toMatchObject({
      queue: 0.2,
      kvCache: 0.41,
      running: 3,
      readyPods: 2,
      source: 'llm-d',
      state: 'ok',
    })
    expect(`${saturationText(s)} — ${verdictText(s)}`).toBe(
      'queue 0.2 · KV cache 41% · 3 running — not saturated',
    )
  })

  it('reads the inference_pool_* generation, running from vLLM where the EPP has none (GAIE < 1.5)', () => {
    const pods = new Map([
      ['west/team-a/llama-v1-a', ['west/team-a/llama-v1']],
      ['west/team-a/llama-v1-b', ['west/team-a/llama-v1']],
    ])
    const m = parseSaturation(
      [
        epp('queue', 'inference_pool', 12, { cluster: 'west' }),
        epp('kv', 'inference_pool', 0.93, { cluster: 'west' }),
        epp('ready', 'inference_pool', 2, { cluster: 'west' }),
        vllm('vllm_running', 'llama-v1-a', 20, 'west'),
        vllm('vllm_running', 'llama-v1-b', 24, 'west'),
      ],
      CLUSTERS,
      pods,
    )
    const s = m.get('west/team-a/llama-v1')!
    expect(s).toMatchObject({
      queue: 12,
      kvCache: 0.93,
      running: 22,
      source: 'inference_pool',
      state: 'saturated',
    })
    expect(verdictText(s)).toBe(`saturated (queue 12 > ${QUEUE_THRESHOLD}, KV cache 93% > 80%)`)
  })

  it('prefers llm_d_epp_* when an answer carries both names for a pool', () => {
    const m = parseSaturation(
      [epp('queue', 'llm-d', 1), epp('queue', 'inference_pool', 9), epp('kv', 'inference_pool', 0.5)],
      CLUSTERS,
      NO_PODS,
    )
    expect(m.get('east/team-a/llama-v1')).toMatchObject({ queue: 1, kvCache: 0.5, source: 'llm-d' })
  })

  it('falls back to vLLM’s own gauges per pod, averaged over the pool’s pods', () => {
    const pods = new Map([
      ['east/team-a/p1', ['east/team-a/llama-v1']],
      ['east/team-a/p2', ['east/team-a/llama-v1']],
    ])
    const m = parseSaturation(
      [
        vllm('vllm_waiting', 'p1', 0),
        vllm('vllm_waiting', 'p2', 1),
        vllm('vllm_kv', 'p1', 0.3),
        vllm('vllm_kv', 'p2', 0.5),
        vllm('vllm_running', 'p1', 4),
        vllm('vllm_waiting', 'unknown-pod', 99),
      ],
      CLUSTERS,
      pods,
    )
    expect([...m.keys()]).toEqual(['east/team-a/llama-v1'])
    const s = m.get('east/team-a/llama-v1')!
    expect(s).toMatchObject({ queue: 0.5, running: 4, readyPods: null, source: 'vllm', state: 'ok' })
    expect(s.kvCache).toBeCloseTo(0.4, 9)
  })

  it('places series without a cluster label on the only cluster, and drops them with several', () => {
    const bare = { ...epp('queue', 'llm-d', 1), metric: { ...epp('queue', 'llm-d', 1).metric, cluster: '' } }
    expect(parseSaturation([bare], ['east'], NO_PODS).has('east/team-a/llama-v1')).toBe(true)
    expect(parseSaturation([bare], CLUSTERS, NO_PODS).size).toBe(0)
    expect(
      parseSaturation([epp('queue', 'llm-d', 1, { cluster: 'elsewhere' })], CLUSTERS, NO_PODS).size,
    ).toBe(0)
  })

  it('never calls missing data fine', () => {
    const m = parseSaturation([epp('queue', 'llm-d', 0.1), epp('kv', 'llm-d', Number.NaN)], CLUSTERS, NO_PODS)
    const s = m.get('east/team-a/llama-v1')!
    expect(s.state).toBe('no-data')
    expect(verdictText(s)).toBe('no data (KV cache not reported)')
    expect(saturationText(s)).toBe('queue 0.1 · KV cache — · — running')
    expect(parseSaturation([], CLUSTERS, NO_PODS).size).toBe(0)
  })
})

describe('classify', () => {
  it('uses the endpoint picker’s default thresholds: queue > 5 or KV cache > 80 %', () => {
    expect(QUEUE_THRESHOLD).toBe(5)
    expect(KV_CACHE_THRESHOLD).toBe(0.8)
    expect(classify({ queue: 5, kvCache: 0.8, readyPods: 1 }).state).toBe('ok')
    expect(classify({ queue: 5.1, kvCache: 0.1, readyPods: 1 })).toEqual({
      state: 'saturated',
      reasons: ['queue 5.1 > 5'],
    })
    expect(classify({ queue: 0, kvCache: 0.85, readyPods: null })).toEqual({
      state: 'saturated',
      reasons: ['KV cache 85% > 80%'],
    })
  })
  it('one signal over its threshold is enough; one missing and one under is no data', () => {
    expect(classify({ queue: 40, kvCache: null, readyPods: null }).state).toBe('saturated')
    expect(classify({ queue: 0, kvCache: null, readyPods: null }).state).toBe('no-data')
    expect(classify({ queue: null, kvCache: null, readyPods: null }).reasons).toEqual([
      'queue not reported',
      'KV cache not reported',
    ])
  })
  it('a pool without ready endpoints is not read from its (frozen) averages', () => {
    expect(classify({ queue: 0, kvCache: 0.1, readyPods: 0 })).toEqual({
      state: 'no-endpoints',
      reasons: ['no ready endpoint'],
    })
  })
})

describe('podPoolIndex', () => {
  it('maps a model-server pod to its pools through ReplicaSet and Deployment', () => {
    const c = cluster('east', {
      deployments: [deployment('llama-v1')],
      replicasets: [replicaSet('llama-v1-abc', '2')],
      pods: [
        pod('llama-v1-abc-x', { owner: { kind: 'ReplicaSet', name: 'llama-v1-abc' } }),
        pod('stray', { owner: null }),
      ],
      inferencepools: [
        inferencePool('llama-v1', { 'aire.dev/model': 'llama', 'aire.dev/version': 'v1' }),
        inferencePool('other', { 'aire.dev/model': 'other' }),
      ],
    })
    expect([...podPoolIndex([c])]).toEqual([['east/team-a/llama-v1-abc-x', ['east/team-a/llama-v1']]])
  })
})

describe('targetSaturation', () => {
  const view = (pools: Record<string, Partial<PoolSaturation>>): SaturationView => ({
    status: 'ok',
    at: '2026-12-06T00:00:00Z',
    pools: Object.fromEntries(
      Object.entries(pools).map(([k, p]) => [
        k,
        {
          cluster: 'east',
          namespace: 'team-a',
          pool: k.split('/')[2]!,
          queue: 0,
          kvCache: 0.4,
          running: 3,
          readyPods: 2,
          source: 'llm-d',
          state: 'ok',
          reasons: [],
          ...p,
        } satisfies PoolSaturation,
      ]),
    ),
  })
  const groups = buildModels([
    cluster('east', {
      deployments: [
        deployment('llama-v1'),
        deployment('llama-v2', {
          labels: { 'aire.dev/model': 'llama', 'aire.dev/version': 'v2', 'aire.dev/track': 'canary' },
          templateLabels: { 'aire.dev/model': 'llama', 'aire.dev/version': 'v2' },
        }),
      ],
      inferencepools: [
        inferencePool('llama-v1', { 'aire.dev/version': 'v1' }),
        inferencePool('llama-v2', { 'aire.dev/version': 'v2' }),
      ],
    }),
  ])
  const all = { model: 'llama', version: null, cluster: null }

  it('lists the pools of the model’s versions, or of one version', () => {
    const t = targetSaturation(groups, all, view({}))
    expect(t.pools.map((p) => [p.key, p.version])).toEqual([
      ['east/team-a/llama-v1', 'v1'],
      ['east/team-a/llama-v2', 'v2'],
    ])
    expect(targetSaturation(groups, { ...all, version: 'v2' }, view({})).pools.map((p) => p.key)).toEqual([
      'east/team-a/llama-v2',
    ])
    expect(targetSaturation(groups, { ...all, model: 'other' }, view({})).pools).toEqual([])
  })

  it('overloaded when one pool is saturated; not overloaded only when every pool is known and fine', () => {
    const ok = { 'east/team-a/llama-v1': {}, 'east/team-a/llama-v2': {} }
    expect(targetSaturation(groups, all, view(ok)).verdict).toBe('not-overloaded')
    expect(
      targetSaturation(groups, all, view({ ...ok, 'east/team-a/llama-v2': { state: 'saturated' } })).verdict,
    ).toBe('overloaded')
    expect(targetSaturation(groups, all, view({ 'east/team-a/llama-v1': {} })).verdict).toBe('unknown')
    expect(targetSaturation(groups, all, { status: 'unavailable', at: null, pools: {} }).verdict).toBe(
      'unknown',
    )
  })
})
