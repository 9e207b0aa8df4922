import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { routeTarget, weightsHold } from '@/lib/actions/specs/route-weights'
import { canOperate, kubernetesIdentity } from '@/lib/auth/permissions'
import { AppError } from '@/lib/errors'
import { getRoute, patchRouteWeights, ruleWeights, type RuleWeights } from '@/lib/k8s/patch-route-weights'
import { resolveRouteLive } from '@/lib/fleet/live-backends'
import { shiftToStableSchema } from '@/lib/validations/route-ref'

// Send 100% of one rule to the backend marked stable; every other backend gets weight 0.
export const shiftToStableAction: ActionSpec<typeof shiftToStableSchema, RuleWeights> = {
  action: 'route.shift-to-stable',
  schema: shiftToStableSchema,
  target: routeTarget,
  authorize: (user, _i, t) => canOperate(user, t.team),
  execute: async (user, i) => {
    const as = kubernetesIdentity(user)
    const route = await getRoute(i.cluster, i.namespace, i.name, as)
    const rule = route.spec.rules?.[i.ruleIndex]
    const current = ruleWeights(route, i.ruleIndex)
    if (!rule || !current)
      throw new AppError('not_found', `HTTPRoute ${i.namespace}/${i.name} has no rule ${i.ruleIndex}.`)
    // The same rule as the Routes page: backend group/kind/namespace honoured, a cross-namespace
    // ref without a ReferenceGrant never stable.
    const resolved = (await resolveRouteLive(i.cluster, route, as))[i.ruleIndex]!
    if (resolved.stable.index === null) throw new AppError('invalid_input', resolved.stable.reason)
    const stable = resolved.stable.index
    const stableName = current.backends[stable]!.name
    if (stableName !== i.stable) {
      throw new AppError(
        'conflict',
        `The stable backend of rule ${i.ruleIndex} is now ${stableName}, not ${i.stable} as when you opened the page. Nothing was written; confirm the shift to ${stableName} again.`,
        { current },
      )
    }
    // Conditional on the weights just read: a write between this read and the patch is a conflict.
    const backends = current.backends.map((b, idx) => ({
      name: b.name,
      from: b.weight,
      weight: idx === stable ? 100 : 0,
    }))
    const cause = `${user.username} shifted all traffic of rule ${i.ruleIndex} to stable backend ${backends[stable]!.name} via AIRe Console`
    const { stable: _stable, ...ref } = i
    const { before, after } = await patchRouteWeights({ ...ref, backends, confirmDrain: false }, as, cause)
    return { data: after, before, after }
  },
  hold: (_i, done) => weightsHold(done.data, done.before),
  revalidate: ['/routes', '/triage'],
}
