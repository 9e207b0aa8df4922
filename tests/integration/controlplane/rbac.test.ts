import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  consoleClients,
  consoleKc,
  createRoute,
  deleteRoute,
  httpRoutePath,
  impersonate,
  jsonPatchType,
  rawRequest,
  uniq,
} from './helpers'

// The console's own identity may only read; every write is made as the
// impersonated user, whose groups decide (dev/cluster/rbac/*.yaml).
describe('console service account and impersonation (RBAC)', () => {
  const ns = 'team-assistant'
  const name = uniq('cp-rbac')
  const patchWeights = [
    { op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: 80 },
    { op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: 20 },
  ]

  beforeAll(async () => {
    await createRoute(ns, name, [90, 10])
  })
  afterAll(async () => {
    await deleteRoute(ns, name)
  })

  it('lists nodes with its own identity', async () => {
    const nodes = await consoleClients().core.listNode({ limit: 5 })
    expect(nodes.items.length).toBeGreaterThan(0)
  })

  it('lists the team namespaces, routes and inference pools', async () => {
    const res = await rawRequest(consoleKc(), 'GET', '/api/v1/namespaces?labelSelector=aire.dev%2Fteam')
    expect(res.status).toBe(200)
    const names = (res.json().items as { metadata: { name: string } }[]).map((n) => n.metadata.name)
    expect(names).toEqual(expect.arrayContaining(['team-assistant', 'team-search', 'team-vision']))
    expect(
      (await rawRequest(consoleKc(), 'GET', '/apis/inference.networking.k8s.io/v1/inferencepools')).status,
    ).toBe(200)
    expect(
      (await rawRequest(consoleKc(), 'GET', '/apis/gateway.envoyproxy.io/v1alpha1/backendtrafficpolicies'))
        .status,
    ).toBe(200)
    expect((await rawRequest(consoleKc(), 'GET', '/apis/resource.k8s.io/v1/resourceslices')).status).toBe(200)
  })

  it('gets 403 patching an HTTPRoute with its own identity', async () => {
    const res = await rawRequest(consoleKc(), 'PATCH', httpRoutePath(ns, name), {
      body: patchWeights,
      contentType: jsonPatchType,
    })
    expect(res.status).toBe(403)
  })

  it('cannot write anything itself (no create/update/patch/delete)', async () => {
    const res = await rawRequest(
      consoleKc(),
      'POST',
      '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectRulesReview',
          spec: { namespace: ns },
        },
      },
    )
    expect(res.status).toBe(201)
    const rules = res.json().status.resourceRules as {
      verbs: string[]
      apiGroups?: string[]
      resources?: string[]
    }[]
    const writeVerbs = new Set(['create', 'update', 'patch', 'delete', 'deletecollection', '*'])
    const writes = rules.filter((r) => r.verbs.some((v) => writeVerbs.has(v)))
    // Only the generic self-review rules every authenticated user has may create.
    for (const r of writes) {
      expect(r.verbs).toEqual(['create'])
      expect(r.apiGroups?.every((g) => g === 'authorization.k8s.io' || g === 'authentication.k8s.io')).toBe(
        true,
      )
    }
  })

  it('patches the route when impersonating an operator of its team (two Impersonate-Group headers)', async () => {
    const res = await rawRequest(consoleKc(), 'PATCH', httpRoutePath(ns, name), {
      body: patchWeights,
      contentType: jsonPatchType,
      headers: impersonate('alice@example.com', ['aire:viewers', 'aire:operators:assistant']),
    })
    expect(res.status, res.body).toBe(200)
    const weights = (res.json().spec.rules[0].backendRefs as { weight: number }[]).map((b) => b.weight)
    expect(weights).toEqual([80, 20])
    expect(res.json().metadata.managedFields.some((f: { manager?: string }) => f.manager !== undefined)).toBe(
      true,
    )
  })

  it('gets 403 impersonating a viewer', async () => {
    const res = await rawRequest(consoleKc(), 'PATCH', httpRoutePath(ns, name), {
      body: patchWeights,
      contentType: jsonPatchType,
      headers: impersonate('victor@example.com', ['aire:viewers']),
    })
    expect(res.status).toBe(403)
  })

  it('gets 403 impersonating an operator of another team', async () => {
    const res = await rawRequest(consoleKc(), 'PATCH', httpRoutePath(ns, name), {
      body: patchWeights,
      contentType: jsonPatchType,
      headers: impersonate('sam@example.com', ['aire:viewers', 'aire:operators:search']),
    })
    expect(res.status).toBe(403)
  })

  it('treats a comma-joined Impersonate-Group header as ONE group (why each group needs its own header)', async () => {
    const res = await rawRequest(consoleKc(), 'PATCH', httpRoutePath(ns, name), {
      body: patchWeights,
      contentType: jsonPatchType,
      headers: {
        'Impersonate-User': 'alice@example.com',
        'Impersonate-Group': 'aire:viewers, aire:operators:assistant',
      },
    })
    expect(res.status).toBe(403)
  })

  it('lets an admin patch a team quota but not an operator', async () => {
    const quota = '/api/v1/namespaces/team-assistant/resourcequotas/gpu-quota'
    const body = { metadata: { annotations: { 'aire.dev/test-touch': String(Date.now()) } } }
    const asOperator = await rawRequest(consoleKc(), 'PATCH', quota, {
      body,
      contentType: 'application/merge-patch+json',
      headers: impersonate('alice@example.com', ['aire:viewers', 'aire:operators:assistant']),
    })
    expect(asOperator.status).toBe(403)
    const asAdmin = await rawRequest(consoleKc(), 'PATCH', quota, {
      body,
      contentType: 'application/merge-patch+json',
      headers: impersonate('ada@example.com', ['aire:viewers', 'aire:admins']),
    })
    expect(asAdmin.status, asAdmin.body).toBe(200)
  })
})
