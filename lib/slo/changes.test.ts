import { describe, expect, it } from 'vitest'
import type {
  DeploymentLite,
  EventLite,
  HTTPRouteLite,
  InferencePoolLite,
  ReplicaSetLite,
} from '@/lib/k8s/watch/types'
import { buildChanges, ModelIndex, targetScope, type AuditLike, type ClusterObjects } from './changes'
import type { SloDefinition } from './types'

const deployment = (name: string, model: string, version: string): DeploymentLite =>
  ({
    namespace: 'team-assistant',
    name,
    uid: `uid-${name}`,
    labels: { 'aire.dev/model': model, 'aire.dev/version': version, 'aire.dev/team': 'assistant' },
    selector: {},
    templateLabels: {},
    containers: [],
  }) as unknown as DeploymentLite
const pool = (name: string, model: string, version: string): InferencePoolLite => ({
  namespace: 'team-assistant',
  name,
  selector: {},
  labels: { 'aire.dev/model': model, 'aire.dev/version': version },
  targetPorts: [8000],
  endpointPicker: null,
})
const httproute: HTTPRouteLite = {
  namespace: 'team-assistant',
  name: 'llama-3-1-8b',
  parents: ['inference-gateway'],
  labels: {},
  rules: [
    {
      backendRefs: ['v1', 'v2'].map((v) => ({
        group: 'inference.networking.k8s.io',
        kind: 'InferencePool',
        name: `llama-3-1-8b-${v}`,
        namespace: 'team-assistant',
        weight: v === 'v1' ? 90 : 10,
      })),
    },
  ],
}
const rs = (name: string, owner: string, revision: string, createdAt: string): ReplicaSetLite => ({
  namespace: 'team-assistant',
  name,
  owner: { kind: 'Deployment', name: owner },
  ownerUid: `uid-${owner}`,
  revision,
  changeCause: null,
  replicas: 1,
  ready: 1,
  containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.10.2', command: [], args: [] }],
  createdAt,
})
const event = (reason: string, kind: string, name: string, at: string): EventLite => ({
  namespace: 'team-assistant',
  name: `${name}.${reason}`,
  type: 'Normal',
  reason,
  message: 'changed',
  involved: { kind, name, namespace: 'team-assistant' },
  count: 1,
  lastTimestamp: at,
})

const objects: ClusterObjects = {
  cluster: 'gpu-east',
  deployments: [
    deployment('llama-3-1-8b-v1', 'llama-3-1-8b', 'v1'),
    deployment('llama-3-1-8b-v2', 'llama-3-1-8b', 'v2'),
  ],
  replicasets: [
    rs('llama-3-1-8b-v2-aaa', 'llama-3-1-8b-v2', '3', '2026-11-20T11:30:00Z'),
    rs('llama-3-1-8b-v2-old', 'llama-3-1-8b-v2', '2', '2026-11-01T00:00:00Z'),
  ],
  events: [
    event('WeightsChanged', 'HTTPRoute', 'llama-3-1-8b', '2026-11-20T11:50:10Z'),
    event('ScalingReplicaSet', 'Deployment', 'llama-3-1-8b-v2', '2026-11-20T11:30:05Z'),
    event('Edited', 'HTTPRoute', 'llama-3-1-8b', '2026-11-20T11:40:00Z'),
  ],
  httproutes: [httproute],
  inferencepools: [
    pool('llama-3-1-8b-v1', 'llama-3-1-8b', 'v1'),
    pool('llama-3-1-8b-v2', 'llama-3-1-8b', 'v2'),
  ],
  teams: new Map([['team-assistant', 'assistant']]),
}
const audit = (a: Partial<AuditLike>): AuditLike => ({
  id: 'a1',
  at: '2026-11-20T11:50:00Z',
  actor: 'olivia',
  action: 'route.weights',
  result: 'applied',
  cluster: 'gpu-east',
  namespace: 'team-assistant',
  kind: 'HTTPRoute',
  name: 'llama-3-1-8b',
  team: 'assistant',
  after: JSON.stringify({
    ruleIndex: 0,
    backends: [
      { name: 'llama-3-1-8b-v1', weight: 90 },
      { name: 'llama-3-1-8b-v2', weight: 10 },
    ],
  }),
  ...a,
})
const slo = {
  id: 's',
  name: 'q',
  team: 'assistant',
  target: {
    kind: 'model',
    model: 'llama-3-1-8b',
    servedModel: null,
    version: null,
    namespace: null,
    route: null,
    cluster: null,
  },
} as unknown as SloDefinition

describe('changes around a burn', () => {
  const idx = [new ModelIndex(objects)]
  const since = new Date('2026-11-20T00:00:00Z')
  const until = new Date('2026-11-20T12:00:00Z')

  it('maps routes, pools and deployments to their model', () => {
    expect(idx[0]!.of('HTTPRoute', 'team-assistant', 'llama-3-1-8b')).toEqual({
      model: 'llama-3-1-8b',
      version: null,
    })
    expect(idx[0]!.of('Deployment', 'team-assistant', 'llama-3-1-8b-v2')).toEqual({
      model: 'llama-3-1-8b',
      version: 'v2',
    })
    expect(targetScope(slo, [objects], idx)).toEqual({
      team: 'assistant',
      model: 'llama-3-1-8b',
      version: null,
      routes: ['team-assistant/llama-3-1-8b'],
      cluster: null,
    })
  })

  it('collects applied audit records, new ReplicaSet revisions and foreign Events, oldest first', () => {
    const changes = buildChanges(
      [audit({}), audit({ id: 'refused', result: 'refused' }), audit({ id: 'slo', action: 'slo.update' })],
      [objects],
      idx,
      since,
      until,
    )
    expect(changes.map((c) => `${c.source}:${c.kind}`)).toEqual([
      'replicaset:rollout',
      'event:weights',
      'audit:weights',
    ])
    const a = changes.find((c) => c.source === 'audit')!
    expect(a.summary).toBe(
      'olivia set weights of HTTPRoute team-assistant/llama-3-1-8b → llama-3-1-8b-v1=90, llama-3-1-8b-v2=10',
    )
    expect(a).toMatchObject({ model: 'llama-3-1-8b', revertible: true, auditId: 'a1' })
    const r = changes.find((c) => c.source === 'replicaset')!
    expect(r).toMatchObject({
      model: 'llama-3-1-8b',
      version: 'v2',
      team: 'assistant',
      name: 'llama-3-1-8b-v2',
    })
    expect(r.summary).toContain('rolled out revision 3')
  })

  it('drops the console’s own Event (same object within a minute of its audit record) and scaling events', () => {
    const changes = buildChanges([audit({})], [objects], idx, since, until)
    expect(changes.filter((c) => c.source === 'event').map((c) => c.summary)).toEqual([
      'HTTPRoute team-assistant/llama-3-1-8b: Edited — changed',
    ])
  })
})
