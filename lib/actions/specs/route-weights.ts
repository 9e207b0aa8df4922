import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canOperate, kubernetesIdentity } from '@/lib/auth/permissions'
import { cluster as findCluster } from '@/lib/k8s/clusters'
import { namespaceTeam } from '@/lib/k8s/namespace-team'
import { patchRouteWeights, type RuleWeights } from '@/lib/k8s/patch-route-weights'
import { routeWeightsSchema } from '@/lib/validations/route-weights'
import type { HoldWatch } from '@/lib/actions/hold/store'

/** The rule's weights as written, watched for the hold window (lib/actions/hold). */
export function weightsHold(written: RuleWeights, before: unknown): HoldWatch {
  const prior = (before as RuleWeights | undefined)?.backends
  return {
    field: { kind: 'routeWeights', ruleIndex: written.ruleIndex },
    expected: written.backends,
    ...(prior ? { before: prior } : {}),
  }
}

export async function routeTarget(i: { cluster: string; namespace: string; name: string }) {
  findCluster(i.cluster)
  return {
    cluster: i.cluster,
    namespace: i.namespace,
    kind: 'HTTPRoute',
    name: i.name,
    team: await namespaceTeam(i.cluster, i.namespace),
  }
}

// Set the weights of one HTTPRoute rule, as the user, conditional on the version they saw.
export const setRouteWeightsAction: ActionSpec<typeof routeWeightsSchema, RuleWeights> = {
  action: 'route.weights',
  schema: routeWeightsSchema,
  target: routeTarget,
  authorize: (user, _i, t) => canOperate(user, t.team),
  execute: async (user, i) => {
    const summary = i.backends.map((b) => `${b.name}=${b.weight}`).join(', ')
    const cause = `${user.username} set rule ${i.ruleIndex} weights to ${summary} via AIRe Console`
    const { before, after } = await patchRouteWeights(i, kubernetesIdentity(user), cause)
    return { data: after, before, after }
  },
  hold: (_i, done) => weightsHold(done.data, done.before),
  revalidate: ['/routes'],
}
