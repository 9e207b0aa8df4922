import 'server-only'
import { AppError } from '@/lib/errors'
import type { HTTPRoute } from '@/lib/k8s/types'
import type { Impersonation } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import {
  changeCauseOp,
  conditionalPatch,
  readObject,
  recordChange,
  type PatchOp,
} from '@/lib/k8s/conditional-patch'
import { FIELD, ownerOf, type Ownership } from '@/lib/k8s/ownership'

/**
 * A weights write as the platform needs it: each backend's new weight and the one the user saw
 * (`from`). Validated input (lib/validations/route-weights) has this shape; declared here so the
 * platform does not import its callers' schemas.
 */
export interface RouteWeightsInput {
  cluster: string
  namespace: string
  name: string
  ruleIndex: number
  backends: { name: string; from: number; weight: number }[]
  /** The schema's confirmation that all-zero weights are meant; the write itself does not read it. */
  confirmDrain?: boolean
}

export interface RuleWeights {
  ruleIndex: number
  resourceVersion: string
  backends: { name: string; weight: number }[]
}

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
  return readObject<HTTPRoute>({
    cluster,
    path: paths.httpRoute(ns, name),
    what: `HTTPRoute ${ns}/${name}`,
    as,
  })
}

/**
 * Builds the minimal JSON patch: a test that each backendRef of the rule is still exactly the one
 * the server just read (name, kind, namespace, port and weight — the fields this write depends
 * on), the changed weights, and the change cause. No resourceVersion precondition: status writes
 * (a gateway controller's, every few seconds) bump it without touching what this changes.
 */
export function buildWeightsPatch(route: HTTPRoute, input: RouteWeightsInput, cause: string): PatchOp[] {
  const rule = route.spec.rules?.[input.ruleIndex]
  const refs = rule?.backendRefs ?? []
  const ops: PatchOp[] = []
  input.backends.forEach((b, i) => {
    const base = `/spec/rules/${input.ruleIndex}/backendRefs/${i}`
    ops.push({ op: 'test', path: base, value: refs[i] ?? { name: b.name } })
    const current = refs[i]?.weight
    if (current === b.weight) return
    ops.push({ op: current === undefined ? 'add' : 'replace', path: `${base}/weight`, value: b.weight })
  })
  ops.push(changeCauseOp(route.metadata, cause))
  return ops
}

/** A conflict's `current`: the rule's weights now (theirs) and what the user saw and wanted (yours). */
export interface WeightsConflict extends RuleWeights {
  yours: { name: string; from: number; weight: number }[]
}

function conflictError(what: string, now: RuleWeights, input: RouteWeightsInput): AppError {
  const changed = now.backends
    .map((b, i) => ({ b, from: input.backends[i]?.from }))
    .filter(({ b, from }) => b.weight !== from)
    .map(({ b, from }) => `${b.name} ${from ?? '?'}→${b.weight}`)
  const current: WeightsConflict = {
    ...now,
    yours: input.backends.map((b) => ({ name: b.name, from: b.from, weight: b.weight })),
  }
  return new AppError(
    'conflict',
    `Someone else changed the weights of rule ${input.ruleIndex} of ${what} since you opened it (${changed.join(', ') || 'its backends'}). Nothing was written; compare theirs with yours and start again from theirs.`,
    { current },
  )
}

const sameRefs = (a: HTTPRoute, b: HTTPRoute, ruleIndex: number) =>
  JSON.stringify(a.spec.rules?.[ruleIndex]?.backendRefs ?? []) ===
  JSON.stringify(b.spec.rules?.[ruleIndex]?.backendRefs ?? [])

export async function patchRouteWeights(
  input: RouteWeightsInput,
  as: Impersonation,
  cause: string,
): Promise<{ before: RuleWeights; after: RuleWeights; owner: Ownership }> {
  const what = `HTTPRoute ${input.namespace}/${input.name}`
  const route = await getRoute(input.cluster, input.namespace, input.name, as)
  // A controller that resets these weights at once (Argo Rollouts) makes a patch a lie: refuse.
  const owner = ownerOf(route.metadata, FIELD.routeWeights)
  if (owner.write === 'refuse')
    throw new AppError(
      'forbidden',
      `${owner.label} owns the weights of ${what}. ${owner.consequence} Nothing was written.`,
    )
  const before = ruleWeights(route, input.ruleIndex)
  if (!before) throw new AppError('not_found', `${what} has no rule ${input.ruleIndex}.`)
  const names = before.backends.map((b) => b.name)
  if (names.length !== input.backends.length || names.some((n, i) => n !== input.backends[i]?.name)) {
    throw new AppError(
      'invalid_input',
      `The backends you sent do not match rule ${input.ruleIndex} of ${what} (${names.join(', ')}).`,
    )
  }
  // The precondition: the weights are still the ones the user saw (whatever else was written).
  if (before.backends.some((b, i) => b.weight !== input.backends[i]!.from)) {
    throw conflictError(what, before, input)
  }
  const target = { cluster: input.cluster, path: paths.httpRoute(input.namespace, input.name), what, as }
  // A failed `test` is a bare 422: it lost a race only if the backends moved since the read above.
  const written = await conditionalPatch<HTTPRoute>(
    target,
    buildWeightsPatch(route, input, cause),
    async () => {
      const fresh = await getRoute(input.cluster, input.namespace, input.name, as)
      const now = ruleWeights(fresh, input.ruleIndex)
      if (!now) return new AppError('not_found', `${what} has no rule ${input.ruleIndex} any more.`)
      return sameRefs(fresh, route, input.ruleIndex) ? null : conflictError(what, now, input)
    },
  )
  const after = ruleWeights(written, input.ruleIndex)!
  await recordChange(
    target,
    {
      namespace: input.namespace,
      apiVersion: written.apiVersion,
      kind: 'HTTPRoute',
      name: input.name,
      reason: 'WeightsChanged',
    },
    written,
    cause,
  )
  return { before, after, owner }
}
