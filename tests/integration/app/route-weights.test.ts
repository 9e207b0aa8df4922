import { beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl } from '@/harness/kubectl'
import type { AppError } from '@/lib/errors'
import type { HTTPRoute } from '@/lib/k8s/types'

type Lib = typeof import('@/lib/k8s/patch-route-weights')
let lib: Lib
let k8s: typeof import('@/lib/k8s/request')

const CLUSTER = 'gpu-east'
const NS = 'team-assistant'
const NAME = 'llama-3-1-8b'
const operator = { user: 'olivia', groups: ['aire:viewers', 'aire:operators:assistant'] }
const otherOperator = { user: 'sam', groups: ['aire:viewers', 'aire:operators:search'] }
const viewer = { user: 'victor', groups: ['aire:viewers'] }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * A gateway controller's status writes, every 200 ms, through the real API server (a status-only
 * change: resourceVersion moves, generation and spec do not). Returns how many writes landed.
 */
function statusWriter() {
  let stopped = false
  let writes = 0
  const controller = { user: 'gateway-controller-test', groups: ['system:masters'] }
  const loop = (async () => {
    while (!stopped) {
      const r = await k8s.k8sRequest(CLUSTER, {
        method: 'PATCH',
        path: `/apis/gateway.networking.k8s.io/v1/namespaces/${NS}/httproutes/${NAME}/status`,
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            parents: [
              {
                parentRef: { name: 'inference-gateway', namespace: 'gateway-system' },
                controllerName: 'example.com/test-gateway-controller',
                conditions: [
                  {
                    type: 'Accepted',
                    status: 'True',
                    reason: 'Accepted',
                    message: `status write ${writes}`,
                    lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                  },
                ],
              },
            ],
          },
        },
        as: controller,
      })
      if (r.status !== 200) throw new Error(`status write refused: ${r.status} ${JSON.stringify(r.body)}`)
      writes++
      await sleep(200)
    }
  })()
  return {
    stop: async () => {
      stopped = true
      await loop
      return writes
    },
  }
}

beforeAll(async () => {
  kubeconfigs()
  lib = await import('@/lib/k8s/patch-route-weights')
  k8s = await import('@/lib/k8s/request')
})

async function current() {
  const route = await lib.getRoute(CLUSTER, NS, NAME, operator)
  return { route, weights: lib.ruleWeights(route, 0)! }
}

/** A weights change from the weights the user saw (`seen`) to `weights`. */
function input(seen: number[], weights: number[], names: string[]) {
  return {
    cluster: CLUSTER,
    namespace: NS,
    name: NAME,
    ruleIndex: 0,
    backends: names.map((n, i) => ({ name: n, from: seen[i]!, weight: weights[i]! })),
  }
}
const seenOf = (w: { backends: { weight: number }[] }) => w.backends.map((b) => b.weight)

/** The object without what a weights change may legitimately touch. */
function invariant(r: HTTPRoute) {
  const {
    resourceVersion: _rv,
    generation: _g,
    managedFields: _m,
    annotations,
    ...meta
  } = r.metadata as HTTPRoute['metadata'] & { managedFields?: unknown }
  const { ['aire.dev/change-cause']: _c, ...otherAnnotations } = annotations ?? {}
  const rules = r.spec.rules?.map((rule) => ({
    ...rule,
    backendRefs: rule.backendRefs?.map(({ weight: _w, ...ref }) => ref),
  }))
  return { meta, otherAnnotations, spec: { ...r.spec, rules } }
}

describe('patchRouteWeights against the real API server', () => {
  it('changes only the weights (and the change cause) of the rule, as the operator', async () => {
    const { route, weights } = await current()
    const names = weights.backends.map((b) => b.name)
    const target = weights.backends.map((_, i) => (i === 0 ? 75 : 25 / (names.length - 1))).map(Math.round)
    const { before, after } = await lib.patchRouteWeights(
      input(seenOf(weights), target, names),
      operator,
      'test: olivia via AIRe Console',
    )
    expect(before.backends.map((b) => b.weight)).toEqual(weights.backends.map((b) => b.weight))
    expect(after.backends.map((b) => b.weight)).toEqual(target)
    const fresh = await lib.getRoute(CLUSTER, NS, NAME, operator)
    expect(invariant(fresh)).toEqual(invariant(route))
    expect(fresh.metadata.annotations?.['aire.dev/change-cause']).toBe('test: olivia via AIRe Console')
  })

  it('refuses a change from weights that are no longer there, with theirs and yours, and writes nothing', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    await lib.patchRouteWeights(
      input(
        seenOf(weights),
        names.map(() => 5),
        names,
      ),
      operator,
      'test: first writer',
    )
    const err = (await lib
      .patchRouteWeights(
        input(
          seenOf(weights),
          names.map(() => 7),
          names,
        ),
        operator,
        'test: stale writer',
      )
      .catch((e: unknown) => e)) as AppError
    expect(err.code).toBe('conflict')
    const detail = err.current as {
      backends: { weight: number }[]
      yours: { from: number; weight: number }[]
    }
    expect(detail.backends.map((b) => b.weight)).toEqual(names.map(() => 5))
    expect(detail.yours).toEqual(
      seenOf(weights).map((from) => ({ from, weight: 7, name: expect.any(String) })),
    )
    expect((await current()).weights.backends.map((b) => b.weight)).toEqual(names.map(() => 5))
  })

  it('lets cluster RBAC have the last word: another team’s operator and a viewer are refused by the API server', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    for (const who of [otherOperator, viewer]) {
      const err = (await lib
        .patchRouteWeights(
          input(
            seenOf(weights),
            names.map(() => 3),
            names,
          ),
          who,
          'test: not allowed',
        )
        .catch((e: unknown) => e)) as AppError
      expect(err.code).toBe('cluster_refused')
      expect(err.message).toContain('RBAC')
    }
    expect((await current()).weights.resourceVersion).toBe(weights.resourceVersion)
  })

  it('is not refused by status writes in between (a controller writing status every 200 ms)', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    const writer = statusWriter()
    await sleep(700)
    const target = names.map((_, i) => (i === 0 ? 61 : 39))
    const { after } = await lib.patchRouteWeights(
      input(seenOf(weights), target, names),
      operator,
      'test: under status writes',
    )
    const writes = await writer.stop()
    expect(writes).toBeGreaterThanOrEqual(3)
    expect(after.resourceVersion).not.toBe(weights.resourceVersion)
    expect((await current()).weights.backends.map((b) => b.weight)).toEqual(target)
  })

  it('still conflicts on a concurrent change of the same weights, with status writes going on', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    const writer = statusWriter()
    // Someone else (kubectl, Argo CD…) changes the weights after the user opened the editor.
    kubectl(CLUSTER, [
      'patch',
      'httproute',
      NAME,
      '-n',
      NS,
      '--type',
      'json',
      '-p',
      JSON.stringify([{ op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: 12 }]),
    ])
    const err = (await lib
      .patchRouteWeights(
        input(
          seenOf(weights),
          names.map(() => 50),
          names,
        ),
        operator,
        'test: loser',
      )
      .catch((e: unknown) => e)) as AppError
    await writer.stop()
    expect(err.code).toBe('conflict')
    expect((err.current as { backends: { weight: number }[] }).backends[0]!.weight).toBe(12)
    expect((await current()).weights.backends[0]!.weight).toBe(12)
  })

  it('records an Event on the route naming the user', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    await lib.patchRouteWeights(
      input(
        seenOf(weights),
        names.map((_, i) => (i === 0 ? 90 : 10)),
        names,
      ),
      operator,
      'test: olivia event check',
    )
    const events = await k8s.k8sRequest<{
      items: { reason: string; message: string; involvedObject: { name: string } }[]
    }>(CLUSTER, {
      method: 'GET',
      path: `/api/v1/namespaces/${NS}/events?fieldSelector=involvedObject.name%3D${NAME}`,
    })
    expect(events.status).toBe(200)
    expect(
      events.body.items.some(
        (e) => e.reason === 'WeightsChanged' && e.message.includes('olivia event check'),
      ),
    ).toBe(true)
  })
})
