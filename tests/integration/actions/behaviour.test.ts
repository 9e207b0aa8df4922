import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const NS = 'team-assistant'
const ROUTE = 'llama-3-1-70b'
type AnySpec = ActionSpec<z.ZodType, unknown>

let run: typeof import('@/lib/actions/run-action').executeAction
let weights: AnySpec
let revert: AnySpec
let rollback: AnySpec
let quota: AnySpec
let tokens: AnySpec
let db: typeof import('@/lib/db/client').db

interface Route {
  metadata: { resourceVersion: string }
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
const route = () => kubectlJson<Route>(CLUSTER, ['get', 'httproute', ROUTE, '-n', NS])
const routeWeights = () => route().spec.rules[0]!.backendRefs.map((b) => b.weight ?? 1)
/** A change to `ws` from the weights the user saw (`seen`, by default the current ones). */
function weightsInput(ws: number[], seen = routeWeights()) {
  const refs = route().spec.rules[0]!.backendRefs
  return {
    cluster: CLUSTER,
    namespace: NS,
    name: ROUTE,
    ruleIndex: 0,
    backends: refs.map((b, i) => ({ name: b.name, from: seen[i]!, weight: ws[i]! })),
  }
}

beforeAll(async () => {
  kubeconfigs()
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  await db().team.upsert({
    where: { name: 'assistant' },
    create: { name: 'assistant', displayName: 'Assistant' },
    update: {},
  })
  weights = (await import('@/lib/actions/specs/route-weights')).setRouteWeightsAction as AnySpec
  revert = (await import('@/lib/actions/specs/revert')).revertChangeAction as AnySpec
  rollback = (await import('@/lib/actions/specs/rollback')).rollbackDeploymentAction as AnySpec
  quota = (await import('@/lib/actions/specs/gpu-quota')).setGpuQuotaAction as AnySpec
  tokens = (await import('@/lib/actions/specs/token-limit')).setTokenLimitAction as AnySpec
})

async function lastApplied(action: string, actor: string) {
  return db().auditEvent.findFirstOrThrow({
    where: { action, result: 'applied', actor },
    orderBy: { at: 'desc' },
  })
}

const admin = { user: CALLERS.admin, originOk: true }
const operator = { user: CALLERS.operator, originOk: true }

describe('change actions behave as an on-call engineer needs', () => {
  it('cluster RBAC has the last word: without the team RoleBinding the operator is refused by the API server', async () => {
    const binding = kubectl(CLUSTER, ['get', 'rolebinding', 'aire-operator', '-n', NS, '-o', 'json'])
    kubectl(CLUSTER, ['delete', 'rolebinding', 'aire-operator', '-n', NS])
    try {
      const before = route().metadata.resourceVersion
      const res = await run(weights, weightsInput([55, 45]), operator)
      expect(res).toMatchObject({ ok: false, code: 'cluster_refused' })
      expect(res.ok ? '' : res.message).toContain('RBAC')
      expect(route().metadata.resourceVersion).toBe(before)
      const last = await db().auditEvent.findFirst({
        where: { actor: CALLERS.operator!.username, action: 'route.weights', result: { not: 'intent' } },
        orderBy: { at: 'desc' },
      })
      expect(last?.result).toBe('refused')
    } finally {
      const obj = JSON.parse(binding) as { metadata: Record<string, unknown> }
      for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'managedFields']) delete obj.metadata[k]
      kubectl(CLUSTER, ['create', '-f', '-'], JSON.stringify(obj))
    }
  })

  it('50 concurrent conflicting writes: exactly one wins, every loser is told, no update is lost', async () => {
    const seen = routeWeights()
    const attempts = Array.from({ length: 50 }, (_, i) => [100 + i, 1000 - i])
    const results = await Promise.all(attempts.map((ws) => run(weights, weightsInput(ws, seen), admin)))
    const winners = results.map((r, i) => ({ r, i })).filter((x) => x.r.ok)
    const codes = results.map((r) => (r.ok ? 'ok' : r.code))
    expect(
      winners,
      JSON.stringify(codes) + JSON.stringify(results.find((r) => !r.ok && r.code !== 'conflict')),
    ).toHaveLength(1)
    expect(results.filter((r) => !r.ok && r.code === 'conflict')).toHaveLength(49)
    expect(routeWeights()).toEqual(attempts[winners[0]!.i])
  })

  it('revert restores the recorded weights, and refuses when the route changed since', async () => {
    await run(weights, weightsInput([80, 20]), admin)
    const res = await run(weights, weightsInput([30, 70]), admin)
    expect(res.ok).toBe(true)
    const change = await db().auditEvent.findFirstOrThrow({
      where: { action: 'route.weights', result: 'applied', actor: CALLERS.admin!.username },
      orderBy: { at: 'desc' },
    })
    const reverted = await run(revert, { auditId: change.id }, operator)
    expect(reverted, JSON.stringify(reverted)).toMatchObject({ ok: true })
    expect(routeWeights()).toEqual([80, 20])
    // Now the route no longer has the weights the record's "after" shows: a second revert is refused.
    const again = await run(revert, { auditId: change.id }, operator)
    expect(again).toMatchObject({ ok: false, code: 'conflict' })
    expect(routeWeights()).toEqual([80, 20])
  })

  it("revert checks today's namespace owner, not the team in the old record", async () => {
    expect(await run(weights, weightsInput([57, 43]), operator)).toMatchObject({ ok: true })
    const change = await lastApplied('route.weights', CALLERS.operator!.username)
    expect(change.team).toBe('assistant')
    kubectl(CLUSTER, ['label', 'namespace', NS, 'aire.dev/team=search', '--overwrite'])
    try {
      const refused = await run(revert, { auditId: change.id }, operator)
      expect(refused).toMatchObject({ ok: false, code: 'forbidden' })
      expect(routeWeights()).toEqual([57, 43])
      // An admin may still revert it: the role check is the original's too.
      expect(await run(revert, { auditId: change.id }, admin)).toMatchObject({ ok: true })
    } finally {
      kubectl(CLUSTER, ['label', 'namespace', NS, 'aire.dev/team=assistant', '--overwrite'])
    }
  })

  it('a revert that drains a route asks for the same confirmation as the drain did', async () => {
    expect(await run(weights, { ...weightsInput([0, 0]), confirmDrain: true }, operator)).toMatchObject({
      ok: true,
    })
    expect(await run(weights, weightsInput([50, 50]), operator)).toMatchObject({ ok: true })
    const undrain = await lastApplied('route.weights', CALLERS.operator!.username)
    const unconfirmed = await run(revert, { auditId: undrain.id }, operator)
    expect(unconfirmed).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(unconfirmed.ok ? {} : unconfirmed.fieldErrors).toHaveProperty('confirmDrain')
    expect(routeWeights()).toEqual([50, 50])
    expect(await run(revert, { auditId: undrain.id, confirmDrain: true }, operator)).toMatchObject({
      ok: true,
    })
    expect(routeWeights()).toEqual([0, 0])
    await run(weights, weightsInput([90, 10]), operator)
  })

  it('a revert to a GPU limit below current use asks for the same confirmation', async () => {
    type Rq = { spec: { hard: Record<string, string> }; status: { used: Record<string, string> } }
    const rq = () => kubectlJson<Rq>(CLUSTER, ['get', 'resourcequota', 'gpu-quota', '-n', NS])
    const start = rq().spec.hard['requests.nvidia.com/gpu']!
    expect(Number(rq().status.used['requests.nvidia.com/gpu'])).toBeGreaterThan(0)
    const set = (hard: string, from: string, confirmBelowUse?: boolean) =>
      run(
        quota,
        { cluster: CLUSTER, namespace: NS, hard, from, ...(confirmBelowUse ? { confirmBelowUse } : {}) },
        admin,
      )
    expect(await set('0', start, true)).toMatchObject({ ok: true })
    expect(await set(start, '0')).toMatchObject({ ok: true })
    const raise = await lastApplied('quota.gpu', CALLERS.admin!.username)
    const unconfirmed = await run(revert, { auditId: raise.id }, admin)
    expect(unconfirmed).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(unconfirmed.ok ? {} : unconfirmed.fieldErrors).toHaveProperty('confirmBelowUse')
    expect(rq().spec.hard['requests.nvidia.com/gpu']).toBe(start)
    expect(await run(revert, { auditId: raise.id, confirmBelowUse: true }, admin)).toMatchObject({ ok: true })
    expect(rq().spec.hard['requests.nvidia.com/gpu']).toBe('0')
    expect(await set(start, '0')).toMatchObject({ ok: true })
  })

  it('rollback creates a new ReplicaSet revision through the real deployment controller, and is a no-op when already current', async () => {
    const name = 'llama-3-1-8b-v2'
    type Rs = {
      items: {
        metadata: { annotations: Record<string, string> }
        spec: { template: { spec: { containers: { image: string }[] } } }
      }[]
    }
    const list = () =>
      kubectlJson<Rs>(CLUSTER, [
        'get',
        'rs',
        '-n',
        NS,
        '-l',
        'aire.dev/model=llama-3-1-8b,aire.dev/version=v2,aire.dev/component=model-server',
      ])
    const rev = (x: Rs['items'][number]) =>
      Number(x.metadata.annotations['deployment.kubernetes.io/revision'])
    const deploymentGeneration = () =>
      kubectlJson<{ metadata: { generation: number } }>(CLUSTER, ['get', 'deploy', name, '-n', NS]).metadata
        .generation
    const items = list().items
    const maxBefore = Math.max(...items.map(rev))
    const oldest = items.reduce((a, b) => (rev(a) < rev(b) ? a : b))
    const res = await run(
      rollback,
      { cluster: CLUSTER, namespace: NS, name, revision: rev(oldest), generation: deploymentGeneration() },
      operator,
    )
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, data: { noop: false } })
    await expect.poll(() => Math.max(...list().items.map(rev)), { timeout: 20_000 }).toBe(maxBefore + 1)
    const image = kubectlJson<{ spec: { template: { spec: { containers: { image: string }[] } } } }>(
      CLUSTER,
      ['get', 'deploy', name, '-n', NS],
    ).spec.template.spec.containers[0]!.image
    expect(image).toBe(oldest.spec.template.spec.containers[0]!.image)
    const current = Math.max(...list().items.map(rev))
    const noop = await run(
      rollback,
      { cluster: CLUSTER, namespace: NS, name, revision: current, generation: deploymentGeneration() },
      operator,
    )
    expect(noop).toMatchObject({ ok: true, data: { noop: true } })
    const missing = await run(
      rollback,
      { cluster: CLUSTER, namespace: NS, name, revision: 999, generation: deploymentGeneration() },
      operator,
    )
    expect(missing).toMatchObject({ ok: false, code: 'not_found' })
    expect(missing.ok ? '' : missing.message).toContain('no longer exists')
  })

  it('rollback during a rollout: status writes every 200 ms never conflict; a concurrent spec change does', async () => {
    const name = 'llama-3-1-8b-v2'
    type Deploy = {
      metadata: { generation: number; resourceVersion: string }
      spec: { template: { metadata?: { annotations?: Record<string, string> } } }
    }
    const deploy = () => kubectlJson<Deploy>(CLUSTER, ['get', 'deploy', name, '-n', NS])
    const revisions = () =>
      kubectlJson<{ items: { metadata: { annotations: Record<string, string> } }[] }>(CLUSTER, [
        'get',
        'rs',
        '-n',
        NS,
        '-l',
        'aire.dev/model=llama-3-1-8b,aire.dev/version=v2,aire.dev/component=model-server',
      ]).items.map((x) => Number(x.metadata.annotations['deployment.kubernetes.io/revision']))
    // A rollout in progress: the template changes, and the deployment controller (and this
    // stand-in for a busy one) write status while the on-call decides.
    kubectl(CLUSTER, [
      '-n',
      NS,
      'patch',
      'deploy',
      name,
      '--type',
      'merge',
      '-p',
      JSON.stringify({
        spec: { template: { metadata: { annotations: { 'test/rollout': String(Date.now()) } } } },
      }),
    ])
    const seen = deploy()
    const { k8sRequest } = await import('@/lib/k8s/request')
    let stop = false
    let writes = 0
    const writer = (async () => {
      while (!stop) {
        const r = await k8sRequest(CLUSTER, {
          method: 'PATCH',
          path: `/apis/apps/v1/namespaces/${NS}/deployments/${name}/status`,
          contentType: 'application/merge-patch+json',
          body: {
            status: {
              conditions: [
                {
                  type: 'Progressing',
                  status: 'True',
                  reason: 'ReplicaSetUpdated',
                  message: `write ${writes}`,
                },
              ],
            },
          },
          as: { user: 'deployment-controller-test', groups: ['system:masters'] },
        })
        if (r.status !== 200) throw new Error(`status write refused: ${r.status}`)
        writes++
        await new Promise((res) => setTimeout(res, 200))
      }
    })()
    await new Promise((r) => setTimeout(r, 1000))
    const previous = Math.min(...revisions())
    const res = await run(
      rollback,
      { cluster: CLUSTER, namespace: NS, name, revision: previous, generation: seen.metadata.generation },
      operator,
    )
    stop = true
    await writer
    expect(writes).toBeGreaterThanOrEqual(3)
    expect(deploy().metadata.resourceVersion).not.toBe(seen.metadata.resourceVersion)
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, data: { noop: false } })

    // Someone else rolls out again after the on-call opened the page: that is a real conflict.
    const stale = deploy().metadata.generation
    kubectl(CLUSTER, [
      '-n',
      NS,
      'patch',
      'deploy',
      name,
      '--type',
      'merge',
      '-p',
      JSON.stringify({ spec: { template: { metadata: { annotations: { 'test/rollout': 'again' } } } } }),
    ])
    const lost = await run(
      rollback,
      { cluster: CLUSTER, namespace: NS, name, revision: Math.min(...revisions()), generation: stale },
      operator,
    )
    expect(lost).toMatchObject({ ok: false, code: 'conflict' })
    expect(deploy().spec.template.metadata?.annotations?.['test/rollout']).toBe('again')
  })

  it('GPU quota below current use needs confirmation; a missing quota is created', async () => {
    const ns = `team-quota-${randomUUID().slice(0, 6)}`
    kubectl(CLUSTER, ['create', 'namespace', ns])
    kubectl(CLUSTER, ['label', 'namespace', ns, 'aire.dev/team=assistant'])
    try {
      const created = await run(quota, { cluster: CLUSTER, namespace: ns, hard: '4', from: null }, admin)
      expect(created, JSON.stringify(created)).toMatchObject({ ok: true })
      const q = kubectlJson<{ spec: { hard: Record<string, string> } }>(CLUSTER, [
        'get',
        'resourcequota',
        'gpu-quota',
        '-n',
        ns,
      ])
      expect(q.spec.hard['requests.nvidia.com/gpu']).toBe('4')
      const bad = await run(quota, { cluster: CLUSTER, namespace: ns, hard: '-1', from: '4' }, admin)
      expect(bad).toMatchObject({ ok: false, code: 'invalid_input' })
      const notQuantity = await run(
        quota,
        { cluster: CLUSTER, namespace: ns, hard: 'lots', from: '4' },
        admin,
      )
      expect(notQuantity).toMatchObject({ ok: false, code: 'invalid_input' })
    } finally {
      kubectl(CLUSTER, ['delete', 'namespace', ns, '--wait=false'])
    }
    // team-assistant has GPU pods running: a limit of 0 is below use.
    const rq = kubectlJson<{
      spec: { hard: Record<string, string> }
      status: { used: Record<string, string> }
    }>(CLUSTER, ['get', 'resourcequota', 'gpu-quota', '-n', NS])
    expect(Number(rq.status.used['requests.nvidia.com/gpu'])).toBeGreaterThan(0)
    const below = await run(
      quota,
      { cluster: CLUSTER, namespace: NS, hard: '0', from: rq.spec.hard['requests.nvidia.com/gpu'] },
      admin,
    )
    expect(below).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(below.ok ? '' : below.message).toContain('below what the team uses now')
  })

  it('a team without a token rule gets one added to the gateway policy', async () => {
    const team = `tokens-${randomUUID().slice(0, 6)}`
    await db().team.create({ data: { name: team, displayName: team } })
    const res = await run(tokens, { cluster: CLUSTER, team, tokensPerHour: 123_456, from: null }, admin)
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true, data: { tokensPerHour: 123_456 } })
    const policy = kubectlJson<{
      spec: {
        rateLimit: {
          global: {
            rules: { clientSelectors: { headers: { value: string }[] }[]; limit: { requests: number } }[]
          }
        }
      }
    }>(CLUSTER, ['get', 'backendtrafficpolicy', 'token-limits', '-n', 'gateway-system'])
    const rule = policy.spec.rateLimit.global.rules.find(
      (r) => r.clientSelectors[0]!.headers[0]!.value === team,
    )
    expect(rule?.limit.requests).toBe(123_456)
  })
})

describe('quota and token-limit writes are conditional on the limit the admin saw', () => {
  it('GPU quota: status writes and other keys in between are no conflict; a concurrent change of the GPU limit is', async () => {
    const ns = `team-quota-${randomUUID().slice(0, 6)}`
    kubectl(CLUSTER, ['create', 'namespace', ns])
    kubectl(CLUSTER, ['label', 'namespace', ns, 'aire.dev/team=assistant'])
    type Quota = { metadata: { resourceVersion: string }; spec: { hard: Record<string, string> } }
    const quotaNow = () => kubectlJson<Quota>(CLUSTER, ['get', 'resourcequota', 'gpu-quota', '-n', ns])
    try {
      expect(
        await run(quota, { cluster: CLUSTER, namespace: ns, hard: '4', from: null }, admin),
      ).toMatchObject({
        ok: true,
      })
      const seen = quotaNow()
      // What the quota controller and other admins do meanwhile: status, and another resource's limit.
      kubectl(CLUSTER, [
        '-n',
        ns,
        'patch',
        'resourcequota',
        'gpu-quota',
        '--subresource=status',
        '--type',
        'merge',
        '-p',
        JSON.stringify({
          status: { hard: { 'requests.nvidia.com/gpu': '4' }, used: { 'requests.nvidia.com/gpu': '0' } },
        }),
      ])
      kubectl(CLUSTER, [
        '-n',
        ns,
        'patch',
        'resourcequota',
        'gpu-quota',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ spec: { hard: { 'requests.cpu': '64' } } }),
      ])
      expect(quotaNow().metadata.resourceVersion).not.toBe(seen.metadata.resourceVersion)
      const held = await run(quota, { cluster: CLUSTER, namespace: ns, hard: '6', from: '4' }, admin)
      expect(held, JSON.stringify(held)).toMatchObject({ ok: true })
      expect(quotaNow().spec.hard).toMatchObject({ 'requests.nvidia.com/gpu': '6', 'requests.cpu': '64' })

      // Another admin sets the GPU limit after this one opened the form: refused, theirs stays.
      kubectl(CLUSTER, [
        '-n',
        ns,
        'patch',
        'resourcequota',
        'gpu-quota',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ spec: { hard: { 'requests.nvidia.com/gpu': '2' } } }),
      ])
      const lost = await run(quota, { cluster: CLUSTER, namespace: ns, hard: '8', from: '6' }, admin)
      expect(lost).toMatchObject({ ok: false, code: 'conflict' })
      expect(lost.ok ? '' : lost.message).toContain('Someone else changed the GPU limit')
      expect(quotaNow().spec.hard['requests.nvidia.com/gpu']).toBe('2')
    } finally {
      kubectl(CLUSTER, ['delete', 'namespace', ns, '--wait=false'])
    }
  })

  it("token limit: another team's change of the shared policy is no conflict; a change of this team's limit is", async () => {
    const team = `tokens-${randomUUID().slice(0, 6)}`
    const other = `tokens-${randomUUID().slice(0, 6)}`
    for (const t of [team, other]) await db().team.create({ data: { name: t, displayName: t } })
    const limitOf = (t: string) =>
      kubectlJson<{
        spec: {
          rateLimit: {
            global: {
              rules: { clientSelectors: { headers: { value: string }[] }[]; limit: { requests: number } }[]
            }
          }
        }
      }>(CLUSTER, [
        'get',
        'backendtrafficpolicy',
        'token-limits',
        '-n',
        'gateway-system',
      ]).spec.rateLimit.global.rules.find((r) => r.clientSelectors[0]!.headers[0]!.value === t)?.limit
        .requests
    expect(
      await run(tokens, { cluster: CLUSTER, team, tokensPerHour: 1000, from: null }, admin),
    ).toMatchObject({ ok: true })
    // Another team's rule is added after this admin read 1000: the policy's resourceVersion moves.
    expect(
      await run(tokens, { cluster: CLUSTER, team: other, tokensPerHour: 5, from: null }, admin),
    ).toMatchObject({
      ok: true,
    })
    const held = await run(tokens, { cluster: CLUSTER, team, tokensPerHour: 2000, from: 1000 }, admin)
    expect(held, JSON.stringify(held)).toMatchObject({ ok: true, data: { tokensPerHour: 2000 } })
    expect([limitOf(team), limitOf(other)]).toEqual([2000, 5])
    // A second admin still holding 1000 loses, and the winner's 2000 stays.
    const lost = await run(tokens, { cluster: CLUSTER, team, tokensPerHour: 3000, from: 1000 }, admin)
    expect(lost).toMatchObject({ ok: false, code: 'conflict' })
    expect(lost.ok ? '' : lost.message).toContain('Someone else changed the token limit')
    expect(limitOf(team)).toBe(2000)
  })
})

describe('fuzzing the action endpoints with bad input', () => {
  const invalid = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer({ min: -1_000_000_000, max: -1 }),
    fc.double({ noInteger: true }),
    fc.constant(Number.MAX_SAFE_INTEGER),
    fc.constant(1_000_001),
    fc.constant({ $ne: 1 }),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.constant('x'.repeat(70_000)),
  )

  it('random payloads never cause a failure or a write', async () => {
    const before = route().metadata.resourceVersion
    const policyRv = () =>
      kubectlJson<{ metadata: { resourceVersion: string } }>(CLUSTER, [
        'get',
        'backendtrafficpolicy',
        'token-limits',
        '-n',
        'gateway-system',
      ]).metadata.resourceVersion
    const tokensBefore = policyRv()
    const base = weightsInput([1, 1])
    const fields = [
      'cluster',
      'namespace',
      'name',
      'ruleIndex',
      'resourceVersion',
      'backends',
      'extra',
    ] as const
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...fields),
        invalid,
        fc.constantFrom(weights, rollback, quota, tokens, revert),
        async (field, value, spec) => {
          const payload = field === 'extra' ? { ...base, unexpected: value } : { ...base, [field]: value }
          const res = await run(spec, payload, admin)
          expect(res.ok).toBe(false)
          expect(res.ok ? '' : res.code).not.toBe('internal')
        },
      ),
      { numRuns: 60 },
    )
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.constantFrom(weights, rollback, quota, tokens, revert),
        async (payload, spec) => {
          const res = await run(spec, payload, admin)
          expect(res.ok).toBe(false)
          expect(res.ok ? '' : res.code).not.toBe('internal')
        },
      ),
      { numRuns: 60 },
    )
    expect(route().metadata.resourceVersion).toBe(before)
    expect(policyRv()).toBe(tokensBefore)
  })
})

describe('audit intent', () => {
  it('records the intent before the cluster write and the outcome after, under one request id', async () => {
    const res = await run(weights, weightsInput([64, 36]), admin)
    expect(res.ok).toBe(true)
    const outcome = await db().auditEvent.findFirstOrThrow({
      where: { actor: CALLERS.admin!.username, action: 'route.weights', result: 'applied' },
      orderBy: { at: 'desc' },
    })
    const intent = await db().auditEvent.findFirst({
      where: { requestId: outcome.requestId, result: 'intent' },
    })
    expect(intent).not.toBeNull()
    expect(intent!.at.getTime()).toBeLessThanOrEqual(outcome.at.getTime())
  })
})
