import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/tests/support/kubeconfigs'
import { kubectl, kubectlJson } from '@/tests/support/kubectl'
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
  weights = (await import('@/lib/actions/specs/route-weights')).routeWeightsAction as AnySpec
  revert = (await import('@/lib/actions/specs/revert')).revertAction as AnySpec
  rollback = (await import('@/lib/actions/specs/rollback')).rollbackAction as AnySpec
  quota = (await import('@/lib/actions/specs/gpu-quota')).gpuQuotaAction as AnySpec
  tokens = (await import('@/lib/actions/specs/token-limit')).tokenLimitAction as AnySpec
})

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
      const created = await run(quota, { cluster: CLUSTER, namespace: ns, hard: '4' }, admin)
      expect(created, JSON.stringify(created)).toMatchObject({ ok: true })
      const q = kubectlJson<{ spec: { hard: Record<string, string> } }>(CLUSTER, [
        'get',
        'resourcequota',
        'gpu-quota',
        '-n',
        ns,
      ])
      expect(q.spec.hard['requests.nvidia.com/gpu']).toBe('4')
      const bad = await run(quota, { cluster: CLUSTER, namespace: ns, hard: '-1' }, admin)
      expect(bad).toMatchObject({ ok: false, code: 'invalid_input' })
      const notQuantity = await run(quota, { cluster: CLUSTER, namespace: ns, hard: 'lots' }, admin)
      expect(notQuantity).toMatchObject({ ok: false, code: 'invalid_input' })
    } finally {
      kubectl(CLUSTER, ['delete', 'namespace', ns, '--wait=false'])
    }
    // team-assistant has GPU pods running: a limit of 0 is below use.
    const rq = kubectlJson<{
      metadata: { resourceVersion: string }
      status: { used: Record<string, string> }
    }>(CLUSTER, ['get', 'resourcequota', 'gpu-quota', '-n', NS])
    expect(Number(rq.status.used['requests.nvidia.com/gpu'])).toBeGreaterThan(0)
    const below = await run(
      quota,
      { cluster: CLUSTER, namespace: NS, hard: '0', resourceVersion: rq.metadata.resourceVersion },
      admin,
    )
    expect(below).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(below.ok ? '' : below.message).toContain('below what the team uses now')
  })

  it('a team without a token rule gets one added to the gateway policy', async () => {
    const team = `tokens-${randomUUID().slice(0, 6)}`
    await db().team.create({ data: { name: team, displayName: team } })
    const policyRv = kubectlJson<{ metadata: { resourceVersion: string } }>(CLUSTER, [
      'get',
      'backendtrafficpolicy',
      'token-limits',
      '-n',
      'gateway-system',
    ]).metadata.resourceVersion
    const res = await run(
      tokens,
      { cluster: CLUSTER, team, tokensPerHour: 123_456, resourceVersion: policyRv },
      admin,
    )
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
