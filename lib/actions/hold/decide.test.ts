import { describe, expect, it } from 'vitest'
import { decideHold, holdText, lastWriter, readField, type HoldField } from './decide'

const WEIGHTS: HoldField = { kind: 'routeWeights', ruleIndex: 0 }
const written = [
  { name: 'stable', weight: 100 },
  { name: 'canary', weight: 0 },
]
const now = new Date('2026-03-01T10:00:30Z')
const deadline = new Date('2026-03-01T10:02:00Z')

const rulesOwner = (manager: string, time: string, operation = 'Update') => ({
  manager,
  operation,
  time,
  apiVersion: 'gateway.networking.k8s.io/v1',
  fieldsV1: { 'f:spec': { 'f:rules': {} } },
})
const statusWriter = {
  manager: 'gateway-controller',
  operation: 'Update',
  subresource: 'status',
  time: '2026-03-01T10:00:29Z',
  fieldsV1: { 'f:status': { 'f:parents': {} } },
}

function route(weights: [string, number | undefined][], managedFields: unknown) {
  return {
    metadata: { name: 'r', managedFields },
    spec: { rules: [{ backendRefs: weights.map(([name, weight]) => ({ name, weight })) }] },
  }
}

describe('decideHold', () => {
  it('is pending while the field keeps the written value and the window is open', () => {
    const obj = route(
      [
        ['stable', 100],
        ['canary', 0],
      ],
      [rulesOwner('node-fetch', '2026-03-01T10:00:00Z'), statusWriter],
    )
    expect(decideHold({ field: WEIGHTS, expected: written, object: obj, now, deadline })).toEqual({
      status: 'pending',
    })
  })

  it('holds once the window ends unchanged (status writes in between are no difference)', () => {
    const obj = route(
      [
        ['stable', 100],
        ['canary', 0],
      ],
      [statusWriter],
    )
    const d = decideHold({ field: WEIGHTS, expected: written, object: obj, now: deadline, deadline })
    expect(d).toEqual({ status: 'held' })
    expect(holdText(d)).toBe('held')
  })

  it('names the manager that re-applied the field, when and to what', () => {
    const obj = route(
      [
        ['stable', 50],
        ['canary', 50],
      ],
      [
        rulesOwner('node-fetch', '2026-03-01T10:00:00Z'),
        rulesOwner('argocd-controller', '2026-03-01T10:00:20Z', 'Apply'),
        statusWriter,
      ],
    )
    const d = decideHold({
      field: WEIGHTS,
      expected: written,
      object: obj,
      now,
      deadline,
      writer: 'node-fetch',
    })
    expect(d).toEqual({
      status: 'reverted',
      manager: 'argocd-controller',
      at: '2026-03-01T10:00:20Z',
      value: 'stable=50, canary=50',
    })
    expect(holdText(d)).toBe('reverted by argocd-controller at 2026-03-01T10:00:20Z (stable=50, canary=50)')
  })

  it('on a same-second tie prefers the manager that is not the console’s own write', () => {
    const mf = [
      rulesOwner('argocd-controller', '2026-03-01T10:00:00Z', 'Apply'),
      rulesOwner('node-fetch', '2026-03-01T10:00:00Z'),
    ]
    expect(lastWriter(mf, ['spec', 'rules'], 'node-fetch')?.manager).toBe('argocd-controller')
    expect(lastWriter([...mf].reverse(), ['spec', 'rules'], 'node-fetch')?.manager).toBe('argocd-controller')
  })

  it('a missing weight reads as 1, as the gateway and the action record it', () => {
    expect(readField(WEIGHTS, route([['a', undefined]], []))).toEqual([{ name: 'a', weight: 1 }])
  })

  it('a deleted object or rule is a revert by an unknown manager', () => {
    const d = decideHold({ field: WEIGHTS, expected: written, object: null, now, deadline })
    expect(d).toMatchObject({ status: 'reverted', manager: null, value: 'rule or route deleted' })
    expect(holdText(d)).toContain('reverted by an unknown manager')
    const noRule = { metadata: {}, spec: { rules: [] } }
    expect(decideHold({ field: WEIGHTS, expected: written, object: noRule, now, deadline })).toMatchObject({
      status: 'reverted',
    })
  })

  it('malformed managedFields never throw: the manager is unknown', () => {
    const changed = [
      ['stable', 0],
      ['canary', 100],
    ] as [string, number][]
    for (const mf of [undefined, null, 'x', [null, 3, { fieldsV1: 'no' }], [{ manager: 7, fieldsV1: {} }]]) {
      const d = decideHold({ field: WEIGHTS, expected: written, object: route(changed, mf), now, deadline })
      expect(d).toMatchObject({ status: 'reverted', manager: null, at: now.toISOString() })
    }
  })

  it('GPU quota: the key’s owner (server-side apply owns spec.hard keys one by one)', () => {
    const field: HoldField = { kind: 'gpuQuota', resource: 'requests.nvidia.com/gpu' }
    const obj = {
      metadata: {
        managedFields: [
          {
            manager: 'kustomize-controller',
            operation: 'Apply',
            time: '2026-03-01T10:00:10Z',
            fieldsV1: { 'f:spec': { 'f:hard': { 'f:requests.nvidia.com/gpu': {} } } },
          },
          {
            manager: 'someone',
            operation: 'Update',
            time: '2026-03-01T10:00:20Z',
            fieldsV1: { 'f:spec': { 'f:hard': { 'f:pods': {} } } },
          },
        ],
      },
      spec: { hard: { 'requests.nvidia.com/gpu': '4', pods: '10' } },
    }
    expect(decideHold({ field, expected: '8', object: obj, now, deadline })).toEqual({
      status: 'reverted',
      manager: 'kustomize-controller',
      at: '2026-03-01T10:00:10Z',
      value: '4 GPUs',
    })
    expect(decideHold({ field, expected: '4', object: obj, now, deadline })).toEqual({ status: 'pending' })
  })

  it('token limit: the team’s rule, other teams’ rules are no difference', () => {
    const field: HoldField = { kind: 'tokenLimit', team: 'search', header: 'x-tenant-id' }
    const rule = (team: string, n: number) => ({
      clientSelectors: [{ headers: [{ name: 'x-tenant-id', type: 'Exact', value: team }] }],
      limit: { requests: n, unit: 'Hour' },
    })
    const policy = (search: number, other: number) => ({
      metadata: {},
      spec: { rateLimit: { global: { rules: [rule('assistant', other), rule('search', search)] } } },
    })
    expect(decideHold({ field, expected: 5000, object: policy(5000, 1), now, deadline })).toEqual({
      status: 'pending',
    })
    expect(decideHold({ field, expected: 5000, object: policy(9000, 1), now, deadline })).toMatchObject({
      status: 'reverted',
      value: '9000 tokens/hour',
    })
    const gone = { metadata: {}, spec: { rateLimit: { global: { rules: [rule('assistant', 1)] } } } }
    expect(decideHold({ field, expected: 5000, object: gone, now, deadline })).toMatchObject({
      status: 'reverted',
      value: 'no token limit',
    })
  })

  it('deployment template: compared without pod-template-hash, named by its images', () => {
    const field: HoldField = { kind: 'deploymentTemplate' }
    const tpl = (image: string, hash?: string) => ({
      metadata: { labels: { app: 'm', ...(hash ? { 'pod-template-hash': hash } : {}) } },
      spec: { containers: [{ name: 'vllm', image }] },
    })
    const dep = (image: string) => ({ metadata: {}, spec: { template: tpl(image, 'abc') } })
    expect(decideHold({ field, expected: tpl('vllm:1'), object: dep('vllm:1'), now, deadline })).toEqual({
      status: 'pending',
    })
    expect(
      decideHold({ field, expected: tpl('vllm:1'), object: dep('vllm:2'), now, deadline }),
    ).toMatchObject({
      status: 'reverted',
      value: 'template with vllm:2',
    })
  })
})
