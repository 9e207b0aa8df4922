import 'server-only'
import { AppError } from '@/lib/errors'
import type { HTTPRoute } from '@/lib/k8s/types'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { paths } from '@/lib/k8s/paths'
import { emitChangeEvent } from '@/lib/k8s/change-event'
import { lostRace } from '@/lib/k8s/stale-write'
import type { RouteWeightsInput } from '@/lib/validations/route-weights'

export interface RuleWeights {
  ruleIndex: number
  resourceVersion: string
  backends: { name: string; weight: number }[]
}

const CHANGE_CAUSE = 'aire.dev/change-cause'
const JSON_PATCH = 'application/json-patch+json'

/** Weights as the gateway sees them: a missing weight defaults to 1 (gateway-api). */
export function ruleWeights(route: HTTPRoute, ruleIndex: number): RuleWeights | null {
  const rule = route.spec.rules?.[ruleIndex]
  if (!rule) return null
  return {
    ruleIndex,
    resourceVersion: route.metadata.resourceVersion ?? '',
    backends: (rule.backendRefs ?? []).map((b) => ({ name: b.name, weight: b.weight ?? 1 })),
  }
}

export async function getRoute(
  cluster: string,
  ns: string,
  name: string,
  as: Impersonation,
): Promise<HTTPRoute> {
  const r = await k8sRequest<HTTPRoute>(cluster, { method: 'GET', path: paths.httpRoute(ns, name), as })
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster, what: `HTTPRoute ${ns}/${name}` })
  return r.body
}

/** JSON-pointer escaping for keys such as annotation names (RFC 6901). */
const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * Builds the minimal JSON patch: the resourceVersion precondition, a test that each backend is
 * still the one the user saw at that index, the changed weights, and the change cause. Nothing else
 * in the object is touched.
 */
export function buildWeightsPatch(route: HTTPRoute, input: RouteWeightsInput, cause: string): unknown[] {
  const rule = route.spec.rules?.[input.ruleIndex]
  const refs = rule?.backendRefs ?? []
  const ops: unknown[] = [{ op: 'test', path: '/metadata/resourceVersion', value: input.resourceVersion }]
  input.backends.forEach((b, i) => {
    const base = `/spec/rules/${input.ruleIndex}/backendRefs/${i}`
    ops.push({ op: 'test', path: `${base}/name`, value: b.name })
    const current = refs[i]?.weight
    if (current === b.weight) return
    ops.push({ op: current === undefined ? 'add' : 'replace', path: `${base}/weight`, value: b.weight })
  })
  if (route.metadata.annotations) {
    ops.push({ op: 'add', path: `/metadata/annotations/${pointer(CHANGE_CAUSE)}`, value: cause })
  } else {
    ops.push({ op: 'add', path: '/metadata/annotations', value: { [CHANGE_CAUSE]: cause } })
  }
  // Setting the resourceVersion makes the API server reject the patch with 409 if the object
  // changed after the user loaded it — the optimistic-concurrency precondition.
  ops.push({ op: 'replace', path: '/metadata/resourceVersion', value: input.resourceVersion })
  return ops
}

export async function patchRouteWeights(
  input: RouteWeightsInput,
  as: Impersonation,
  cause: string,
): Promise<{ before: RuleWeights; after: RuleWeights }> {
  const what = `HTTPRoute ${input.namespace}/${input.name}`
  const route = await getRoute(input.cluster, input.namespace, input.name, as)
  const before = ruleWeights(route, input.ruleIndex)
  if (!before) throw new AppError('not_found', `${what} has no rule ${input.ruleIndex}.`)
  const conflict = () =>
    new AppError(
      'conflict',
      `${what} was changed by someone else since you opened it. Nothing was written; here are its current weights.`,
      {
        current: ruleWeights(route, input.ruleIndex),
      },
    )
  if (route.metadata.resourceVersion !== input.resourceVersion) throw conflict()
  const names = before.backends.map((b) => b.name)
  if (names.length !== input.backends.length || names.some((n, i) => n !== input.backends[i]?.name)) {
    throw new AppError(
      'invalid_input',
      `The backends you sent do not match rule ${input.ruleIndex} of ${what} (${names.join(', ')}).`,
    )
  }
  const r = await k8sRequest<HTTPRoute>(input.cluster, {
    method: 'PATCH',
    path: paths.httpRoute(input.namespace, input.name),
    contentType: JSON_PATCH,
    body: buildWeightsPatch(route, input, cause),
    as,
  })
  if (
    await lostRace(
      input.cluster,
      paths.httpRoute(input.namespace, input.name),
      r.status,
      input.resourceVersion,
      as,
    )
  ) {
    const fresh = await getRoute(input.cluster, input.namespace, input.name, as)
    throw new AppError(
      'conflict',
      `${what} was changed by someone else since you opened it. Nothing was written; here are its current weights.`,
      {
        current: ruleWeights(fresh, input.ruleIndex),
      },
    )
  }
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
  const after = ruleWeights(r.body, input.ruleIndex)!
  await emitChangeEvent(
    {
      cluster: input.cluster,
      namespace: input.namespace,
      apiVersion: r.body.apiVersion,
      kind: 'HTTPRoute',
      name: input.name,
      uid: r.body.metadata.uid,
    },
    as,
    'WeightsChanged',
    cause,
  )
  return { before, after }
}
