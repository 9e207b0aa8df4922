import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminKc, createRoute, deleteRoute, httpRoutePath, jsonPatchType, rawRequest, uniq } from './helpers'

// The Gateway API CRD schema (gateway-api v1.6.1, installed from the Go module)
// is what rejects bad weights: the console must surface the API server's 422.
describe('API server validation and optimistic concurrency', () => {
  const ns = 'team-search'
  const name = uniq('cp-valid')

  beforeAll(async () => {
    await createRoute(ns, name, [90, 10])
  })
  afterAll(async () => {
    await deleteRoute(ns, name)
  })

  for (const weight of [-1, 2_000_000]) {
    it(`rejects backendRef weight ${weight} with 422`, async () => {
      const res = await rawRequest(adminKc(), 'PATCH', httpRoutePath(ns, name), {
        body: [{ op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: weight }],
        contentType: jsonPatchType,
      })
      expect(res.status).toBe(422)
      expect(res.json().reason).toBe('Invalid')
      expect(res.body).toContain('weight')
    })
  }

  it('accepts the bounds 0 and 1000000', async () => {
    const res = await rawRequest(adminKc(), 'PATCH', httpRoutePath(ns, name), {
      body: [
        { op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: 1_000_000 },
        { op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: 0 },
      ],
      contentType: jsonPatchType,
    })
    expect(res.status, res.body).toBe(200)
  })

  it('answers 409 to an update with a stale resourceVersion', async () => {
    const kc = adminKc()
    const first = (await rawRequest(kc, 'GET', httpRoutePath(ns, name))).json()
    const stale = structuredClone(first)
    first.spec.rules[0].backendRefs[0].weight = 70
    first.spec.rules[0].backendRefs[1].weight = 30
    const ok = await rawRequest(kc, 'PUT', httpRoutePath(ns, name), { body: first })
    expect(ok.status, ok.body).toBe(200)
    stale.spec.rules[0].backendRefs[0].weight = 50
    stale.spec.rules[0].backendRefs[1].weight = 50
    const conflict = await rawRequest(kc, 'PUT', httpRoutePath(ns, name), { body: stale })
    expect(conflict.status).toBe(409)
    expect(conflict.json().reason).toBe('Conflict')
  })

  it('answers 409 to a JSON patch whose resourceVersion precondition is stale', async () => {
    const kc = adminKc()
    const cur = (await rawRequest(kc, 'GET', httpRoutePath(ns, name))).json()
    const res = await rawRequest(kc, 'PATCH', httpRoutePath(ns, name), {
      body: [
        { op: 'test', path: '/metadata/resourceVersion', value: cur.metadata.resourceVersion },
        { op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: 60 },
      ],
      contentType: jsonPatchType,
    })
    expect(res.status, res.body).toBe(200)
    const again = await rawRequest(kc, 'PATCH', httpRoutePath(ns, name), {
      body: {
        metadata: { resourceVersion: cur.metadata.resourceVersion },
        spec: { rules: [{ backendRefs: [] }] },
      },
      contentType: 'application/merge-patch+json',
    })
    expect(again.status).toBe(409)
  })
})
