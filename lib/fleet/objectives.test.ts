import { describe, expect, it } from 'vitest'
import { inferenceObjectiveProjection } from '@/lib/k8s/watch/project'
import type { InferenceObjectiveLite } from '@/lib/k8s/watch/types'
import { cluster, deployment, inferencePool, route } from './fixtures'
import { buildModels } from './models'
import { objectivesByPool, objectiveText } from './objectives'
import { buildRouteRows } from './routes'

const llmd = inferenceObjectiveProjection('llm-d.ai', 'v1alpha2')
const xk8s = inferenceObjectiveProjection('inference.networking.x-k8s.io', 'v1alpha2')

const objective = (
  name: string,
  pool: string,
  priority: number | null,
  over: Partial<InferenceObjectiveLite> = {},
): InferenceObjectiveLite => ({
  namespace: 'team-a',
  name,
  poolRef: { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: pool },
  priority,
  group: 'llm-d.ai',
  version: 'v1alpha2',
  ...over,
})

describe('InferenceObjective projection', () => {
  it('keeps namespace, name, poolRef, priority and the group/version it was watched under', () => {
    const raw = {
      apiVersion: 'llm-d.ai/v1alpha2',
      kind: 'InferenceObjective',
      metadata: {
        namespace: 'team-a',
        name: 'chat-premium',
        uid: 'u',
        annotations: { big: 'x'.repeat(5000) },
      },
      spec: {
        poolRef: { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v1' },
        priority: 10,
      },
      status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
    }
    expect(llmd(raw)).toEqual({
      namespace: 'team-a',
      name: 'chat-premium',
      poolRef: { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llama-v1' },
      priority: 10,
      group: 'llm-d.ai',
      version: 'v1alpha2',
    })
  })

  it('defaults a bare poolRef as the CRDs do, and an unset or odd priority is null', () => {
    const o = xk8s({ metadata: { namespace: 'ns', name: 'batch' }, spec: { poolRef: { name: 'p' } } })
    expect(o).toMatchObject({
      poolRef: { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'p' },
      priority: null,
      group: 'inference.networking.x-k8s.io',
    })
    expect(xk8s({ spec: { priority: '10', poolRef: 'nope' } }).priority).toBeNull()
    expect(xk8s({ spec: { priority: 1.5 } }).priority).toBeNull()
    expect(xk8s(null)).toMatchObject({ name: '', poolRef: { name: '' }, priority: null })
  })
})

describe('objectivesByPool', () => {
  it('groups by namespace/pool, highest priority first (unset counts as 0), then by name', () => {
    const m = objectivesByPool([
      objective('batch', 'llama-v1', -1),
      objective('chat-premium', 'llama-v1', 10),
      objective('default', 'llama-v1', null),
      objective('another', 'llama-v1', 0),
      objective('canary-eval', 'llama-v2', 5),
      objective('chat-premium', 'llama-v1', 3, { namespace: 'team-b' }),
    ])
    expect(m.get('team-a/llama-v1')?.map((o) => o.name)).toEqual([
      'chat-premium',
      'another',
      'default',
      'batch',
    ])
    expect(m.get('team-a/llama-v2')).toEqual([{ name: 'canary-eval', priority: 5, group: 'llm-d.ai' }])
    expect(m.get('team-b/llama-v1')?.map((o) => o.priority)).toEqual([3])
    expect(m.size).toBe(3)
  })

  it('ignores refs to other kinds or groups, and lists an objective served under both groups once, as llm-d.ai', () => {
    const m = objectivesByPool([
      objective('old-pool', 'llama-v1', 1, {
        poolRef: { group: 'inference.networking.x-k8s.io', kind: 'InferencePool', name: 'llama-v1' },
      }),
      objective('svc', 'llama-v1', 1, { poolRef: { group: '', kind: 'Service', name: 'llama-v1' } }),
      objective('nameless', '', 1),
      objective('chat', 'llama-v1', 2, { group: 'inference.networking.x-k8s.io' }),
      objective('chat', 'llama-v1', 7),
    ])
    expect(m.get('team-a/llama-v1')).toEqual([{ name: 'chat', priority: 7, group: 'llm-d.ai' }])
  })

  it('formats one objective with a real minus sign', () => {
    expect(objectiveText({ name: 'chat-premium', priority: 10, group: 'llm-d.ai' })).toBe(
      'chat-premium (priority 10)',
    )
    expect(objectiveText({ name: 'batch', priority: -1, group: 'llm-d.ai' })).toBe('batch (priority \u22121)')
    expect(objectiveText({ name: 'd', priority: null, group: 'llm-d.ai' })).toBe('d (priority unset)')
  })
})

describe('objectives on the Models and Routes views', () => {
  const sel = { 'aire.dev/model': 'llama', 'aire.dev/version': 'v1' }
  const c = cluster('east', {
    deployments: [
      deployment('llama-v1', {
        labels: { 'aire.dev/model': 'llama', 'aire.dev/version': 'v1' },
        templateLabels: sel,
      }),
    ],
    inferencepools: [inferencePool('llama-v1', sel), inferencePool('llama-v2', { x: 'y' })],
    httproutes: [
      route('llama', [
        ['llama-v1', 90],
        ['llama-v2', 10],
      ]),
    ],
    inferenceobjectives: [objective('batch', 'llama-v1', -1), objective('chat-premium', 'llama-v1', 10)],
    objectivesServed: true,
  })

  it('a model version lists the objectives of each of its pools', () => {
    const [g] = buildModels([c])
    expect(g!.versions[0]!.objectives).toEqual({
      'team-a/llama-v1': [
        { name: 'chat-premium', priority: 10, group: 'llm-d.ai' },
        { name: 'batch', priority: -1, group: 'llm-d.ai' },
      ],
    })
    expect(g!.versions[0]!.objectivesServed).toBe(true)
  })

  it('a route backend that is a pool carries its objectives ([] when none); a cluster without the API says so', () => {
    const [row] = buildRouteRows([c])
    const [v1, v2] = row!.rules[0]!.backends
    expect(v1!.objectives?.map((o) => o.name)).toEqual(['chat-premium', 'batch'])
    expect(v2!.objectives).toEqual([])
    expect(row!.objectivesServed).toBe(true)
    const [bare] = buildRouteRows([{ ...c, inferenceobjectives: undefined, objectivesServed: false }])
    expect(bare!.objectivesServed).toBe(false)
    expect(bare!.rules[0]!.backends[0]!.objectives).toEqual([])
  })
})
