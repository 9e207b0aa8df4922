import { describe, expect, it } from 'vitest'
import type { BackendRefLite, HTTPRouteLite, InferencePoolLite } from '@/lib/k8s/watch/types'
import { buildRouteRows, queryRoutes } from './routes'
import type { FleetCluster } from './types'

const pool = (ns: string, name: string, track?: string): InferencePoolLite => ({
  namespace: ns,
  name,
  selector: {},
  labels: track ? { 'aire.dev/track': track } : {},
  targetPorts: [8000],
  endpointPicker: null,
})
const ref = (over: Partial<BackendRefLite> & { name: string }): BackendRefLite => ({
  group: 'inference.networking.k8s.io',
  kind: 'InferencePool',
  namespace: 'team-a',
  weight: 1,
  ...over,
})
const route = (name: string, refs: BackendRefLite[], over: Partial<HTTPRouteLite> = {}): HTTPRouteLite => ({
  namespace: 'team-a',
  name,
  parents: ['gw'],
  rules: [{ backendRefs: refs }],
  labels: {},
  ...over,
})

function cluster(over: Partial<FleetCluster>): FleetCluster {
  return {
    name: 'east',
    status: null,
    nodes: [],
    pods: [],
    deployments: [],
    replicasets: [],
    resourceslices: [],
    resourceclaims: [],
    inferencepools: [],
    httproutes: [],
    namespaces: [{ name: 'team-a', team: 'a' }],
    ...over,
  }
}

describe('routes view: one backend rule', () => {
  it('a Service can be the stable backend, exactly like an InferencePool', () => {
    const [r] = buildRouteRows([
      cluster({
        services: [{ namespace: 'team-a', name: 'svc-v1', labels: { 'aire.dev/track': 'stable' } }],
        httproutes: [
          route('r', [
            ref({ group: '', kind: 'Service', name: 'svc-v1', weight: 90 }),
            ref({ group: '', kind: 'Service', name: 'svc-v2', weight: 10 }),
          ]),
        ],
      }),
    ])
    expect(r!.rules[0]!.stable).toEqual({ name: 'svc-v1' })
    expect(r!.rules[0]!.backends.map((b) => b.state)).toEqual(['ok', 'missing'])
  })

  it('group and kind are honoured: a Service named like the stable pool is not the pool', () => {
    const [r] = buildRouteRows([
      cluster({
        inferencepools: [pool('team-a', 'llama', 'stable')],
        httproutes: [
          route('r', [ref({ group: '', kind: 'Service', name: 'llama' }), ref({ name: 'other' })]),
        ],
      }),
    ])
    expect(r!.rules[0]!.stable).toHaveProperty('reason')
  })

  it('a cross-namespace backend without a ReferenceGrant is "not permitted" and never stable; a grant permits it', () => {
    const refs = [ref({ name: 'shared', namespace: 'models' }), ref({ name: 'local' })]
    const base = {
      inferencepools: [pool('models', 'shared', 'stable'), pool('team-a', 'local')],
      httproutes: [route('r', refs)],
    }
    const [denied] = buildRouteRows([cluster(base)])
    expect(denied!.rules[0]!.backends[0]).toMatchObject({ state: 'not_permitted', stable: false })
    expect(denied!.rules[0]!.backends[0]!.problem).toContain('no ReferenceGrant')
    expect(denied!.rules[0]!.stable).toHaveProperty('reason')

    const grant = (fromNs: string, toName: string | null) => ({
      namespace: 'models',
      name: 'g',
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: fromNs }],
      to: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: toName }],
    })
    const [wrongNs] = buildRouteRows([cluster({ ...base, referencegrants: [grant('team-b', null)] })])
    expect(wrongNs!.rules[0]!.backends[0]!.state).toBe('not_permitted')
    const [wrongName] = buildRouteRows([cluster({ ...base, referencegrants: [grant('team-a', 'other')] })])
    expect(wrongName!.rules[0]!.backends[0]!.state).toBe('not_permitted')
    const [granted] = buildRouteRows([cluster({ ...base, referencegrants: [grant('team-a', 'shared')] })])
    expect(granted!.rules[0]!.backends[0]).toMatchObject({ state: 'ok', stable: true })
    expect(granted!.rules[0]!.stable).toEqual({ name: 'shared' })
  })

  it('two backends with one name in different namespaces get distinct keys', () => {
    const [r] = buildRouteRows([
      cluster({ httproutes: [route('r', [ref({ name: 'x' }), ref({ name: 'x', namespace: 'models' })])] }),
    ])
    const keys = r!.rules[0]!.backends.map((b) => b.key)
    expect(new Set(keys).size).toBe(2)
  })

  it('rules are labelled by name, else by their matches; all-zero rules are drained', () => {
    const [r] = buildRouteRows([
      cluster({
        httproutes: [
          route('r', [], {
            rules: [
              { name: 'canary', matches: ['x-canary=true'], backendRefs: [ref({ name: 'a', weight: 1 })] },
              {
                matches: ['/v1', 'POST = /chat'],
                backendRefs: [ref({ name: 'a', weight: 0 }), ref({ name: 'b', weight: 0 })],
              },
              { backendRefs: [ref({ name: 'a' })] },
            ],
          }),
        ],
      }),
    ])
    expect(r!.rules.map((x) => [x.label, x.drained])).toEqual([
      ['canary', false],
      ['/v1 | POST = /chat', true],
      ['all requests', false],
    ])
  })
})

describe('routes view: filter and pages', () => {
  const many = (n: number, c: string) =>
    cluster({
      name: c,
      namespaces: [
        { name: 'team-a', team: 'a' },
        { name: 'team-b', team: 'b' },
      ],
      httproutes: Array.from({ length: n }, (_, i) =>
        route(`route-${String(i).padStart(4, '0')}`, [ref({ name: 'p' })], {
          namespace: i % 2 ? 'team-b' : 'team-a',
        }),
      ),
    })
  const rows = buildRouteRows([many(120, 'east'), many(30, 'west')])

  it('pages of 50 over every cluster, sorted; a page past the end shows the last one', () => {
    const first = queryRoutes(rows, { page: 1 })
    expect([first.total, first.pages, first.rows.length]).toEqual([150, 3, 50])
    expect(first.rows[0]!.key).toBe('east/team-a/route-0000')
    const last = queryRoutes(rows, { page: 99 })
    expect([last.page, last.rows.length]).toEqual([3, 50])
  })

  it('filters by cluster, namespace and a name substring', () => {
    const q = queryRoutes(rows, { cluster: 'west', namespace: 'team-b', q: 'ROUTE-001', page: 1 })
    expect(q.rows.map((r) => r.key)).toEqual([
      'west/team-b/route-0011',
      'west/team-b/route-0013',
      'west/team-b/route-0015',
      'west/team-b/route-0017',
      'west/team-b/route-0019',
    ])
    expect([q.total, q.matching, q.namespaces]).toEqual([30, 5, ['team-a', 'team-b']])
  })
})
