import { beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/tests/support/kubeconfigs'
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

beforeAll(async () => {
  kubeconfigs()
  lib = await import('@/lib/k8s/patch-route-weights')
  k8s = await import('@/lib/k8s/request')
})

async function current() {
  const route = await lib.getRoute(CLUSTER, NS, NAME, operator)
  return { route, weights: lib.ruleWeights(route, 0)! }
}

function input(rv: string, weights: number[], names: string[]) {
  return {
    cluster: CLUSTER,
    namespace: NS,
    name: NAME,
    ruleIndex: 0,
    resourceVersion: rv,
    backends: names.map((n, i) => ({ name: n, weight: weights[i]! })),
  }
}

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
      input(weights.resourceVersion, target, names),
      operator,
      'test: olivia via AIRe Console',
    )
    expect(before.backends.map((b) => b.weight)).toEqual(weights.backends.map((b) => b.weight))
    expect(after.backends.map((b) => b.weight)).toEqual(target)
    const fresh = await lib.getRoute(CLUSTER, NS, NAME, operator)
    expect(invariant(fresh)).toEqual(invariant(route))
    expect(fresh.metadata.annotations?.['aire.dev/change-cause']).toBe('test: olivia via AIRe Console')
  })

  it('refuses a stale resourceVersion with a conflict that carries the current weights, and writes nothing', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    await lib.patchRouteWeights(
      input(
        weights.resourceVersion,
        names.map(() => 5),
        names,
      ),
      operator,
      'test: first writer',
    )
    const err = (await lib
      .patchRouteWeights(
        input(
          weights.resourceVersion,
          names.map(() => 7),
          names,
        ),
        operator,
        'test: stale writer',
      )
      .catch((e: unknown) => e)) as AppError
    expect(err.code).toBe('conflict')
    expect((err.current as { backends: { weight: number }[] }).backends.map((b) => b.weight)).toEqual(
      names.map(() => 5),
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
            weights.resourceVersion,
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

  it('records an Event on the route naming the user', async () => {
    const { weights } = await current()
    const names = weights.backends.map((b) => b.name)
    await lib.patchRouteWeights(
      input(
        weights.resourceVersion,
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
