import { describe, expect, it } from 'vitest'
import {
  mismatchText,
  parsePoolTokens,
  parseRequests,
  servedRules,
  servedRequestsQuery,
  type ServedCounts,
} from './served-share-math'

const req = (route: string, pool: string, value: number, cluster = 'east', namespace = 'ns') => ({
  metric: { cluster, namespace, route, pool },
  value,
})
const counts = (
  w2: ReturnType<typeof req>[],
  w5: ReturnType<typeof req>[],
  w1h: ReturnType<typeof req>[] = w5,
  tokens: Map<string, number> = new Map(),
): ServedCounts => ({
  requests: { '2m': parseRequests(w2), '5m': parseRequests(w5), '1h': parseRequests(w1h) },
  tokens: { '2m': tokens, '5m': tokens, '1h': tokens },
})
const route = (rules: { name: string; weight: number }[][]) => ({
  cluster: 'east',
  namespace: 'ns',
  name: 'r',
  rules: rules.map((backends) => ({ backends: backends.map((b) => ({ ...b, kind: 'InferencePool' })) })),
})

describe('served traffic shares', () => {
  it('asks per route and backend, leaving out requests no backend got', () => {
    expect(servedRequestsQuery('5m')).toBe(
      'sum by (cluster, namespace, route, pool) (increase(aire_requests_total{pool!=""}[5m]))',
    )
  })

  it('a gateway that follows the weights serves what they configure: no flag', () => {
    const c = counts([req('r', 'v1', 90), req('r', 'v2', 10)], [req('r', 'v1', 900), req('r', 'v2', 100)])
    const [rule] = servedRules(
      route([
        [
          { name: 'v1', weight: 90 },
          { name: 'v2', weight: 10 },
        ],
      ]),
      c,
      new Map(),
    )
    expect(rule).toMatchObject({ status: 'ok', requests5m: 1000 })
    if (rule!.status !== 'ok') throw new Error()
    expect(rule!.backends.map((b) => b.requests5m)).toEqual([90, 10])
    expect(rule!.backends.some((b) => b.mismatch)).toBe(false)
  })

  it('configured 10%, serving 31%: flagged when the last 2 and 5 minutes both disagree', () => {
    const bad = [req('r', 'v1', 690), req('r', 'v2', 310)]
    const [rule] = servedRules(
      route([
        [
          { name: 'v1', weight: 90 },
          { name: 'v2', weight: 10 },
        ],
      ]),
      counts(bad, bad),
      new Map(),
    )
    if (rule!.status !== 'ok') throw new Error('expected shares')
    expect(rule!.backends.map((b) => b.mismatch)).toEqual([true, true])
    expect(mismatchText(10, rule!.backends[1]!.requests5m!)).toBe('configured 10%, serving 31%')
  })

  it('just after a weight change (the last 2 minutes agree) and on a trickle of requests: no flag', () => {
    const old = [req('r', 'v1', 60), req('r', 'v2', 40)]
    const now = [req('r', 'v1', 90), req('r', 'v2', 10)]
    const r = route([
      [
        { name: 'v1', weight: 90 },
        { name: 'v2', weight: 10 },
      ],
    ])
    const [changed] = servedRules(r, counts(now, old), new Map())
    if (changed!.status !== 'ok') throw new Error()
    expect(changed!.backends.some((b) => b.mismatch)).toBe(false)
    const trickle = [req('r', 'v1', 5), req('r', 'v2', 5)]
    const [few] = servedRules(r, counts(trickle, trickle), new Map())
    if (few!.status !== 'ok') throw new Error()
    expect(few!.backends.some((b) => b.mismatch)).toBe(false)
  })

  it('no metric for the route, or a backend in two rules: says why instead of a number', () => {
    const none = servedRules(route([[{ name: 'v1', weight: 1 }]]), counts([], []), new Map())
    expect(none[0]).toMatchObject({
      status: 'none',
      reason: expect.stringContaining('configured weights only'),
    })
    const c = counts([req('r', 'v1', 10)], [req('r', 'v1', 100)])
    const shared = servedRules(
      route([
        [{ name: 'v1', weight: 1 }],
        [
          { name: 'v1', weight: 1 },
          { name: 'v2', weight: 1 },
        ],
      ]),
      c,
      new Map(),
    )
    expect(shared.map((r) => r.status)).toEqual(['none', 'none'])
  })

  it('tokens per pool from vLLM pods; a pool behind two routes has no token share', () => {
    const podPools = new Map([
      ['east/ns/v1-a', ['east/ns/v1']],
      ['east/ns/v2-a', ['east/ns/v2']],
      ['east/ns/both', ['east/ns/v1', 'east/ns/v2']],
    ])
    const tokens = parsePoolTokens(
      [
        { metric: { cluster: 'east', namespace: 'ns', pod: 'v1-a' }, value: 750 },
        { metric: { cluster: 'east', namespace: 'ns', pod: 'v2-a' }, value: 250 },
        { metric: { cluster: 'east', namespace: 'ns', pod: 'both' }, value: 1e6 },
      ],
      podPools,
    )
    expect([...tokens]).toEqual([
      ['east/ns/v1', 750],
      ['east/ns/v2', 250],
    ])
    const c = counts([req('r', 'v1', 1)], [req('r', 'v1', 1)], undefined, tokens)
    const r = route([
      [
        { name: 'v1', weight: 1 },
        { name: 'v2', weight: 1 },
      ],
    ])
    const [alone] = servedRules(r, c, new Map())
    if (alone!.status !== 'ok') throw new Error()
    expect(alone!.backends.map((b) => b.tokens5m)).toEqual([75, 25])
    const [sharedPool] = servedRules(r, c, new Map([['east/ns/v1', 2]]))
    if (sharedPool!.status !== 'ok') throw new Error()
    expect(sharedPool!.backends.map((b) => b.tokens5m)).toEqual([null, null])
  })
})
