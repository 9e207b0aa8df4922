import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canOperate, kubernetesIdentity } from '@/lib/auth/permissions'
import { cluster as findCluster } from '@/lib/k8s/clusters'
import { namespaceTeam } from '@/lib/k8s/namespace-team'
import { rollbackDeployment, type RollbackOutcome } from '@/lib/k8s/rollback-deployment'
import { rollbackSchema } from '@/lib/validations/quota'

// Roll a model Deployment back to one of its revisions (kubectl rollout undo --to-revision, with a precondition).
export const rollbackDeploymentAction: ActionSpec<typeof rollbackSchema, RollbackOutcome> = {
  action: 'deployment.rollback',
  schema: rollbackSchema,
  target: async (i) => {
    findCluster(i.cluster)
    return {
      cluster: i.cluster,
      namespace: i.namespace,
      kind: 'Deployment',
      name: i.name,
      team: await namespaceTeam(i.cluster, i.namespace),
    }
  },
  authorize: (user, _i, t) => canOperate(user, t.team),
  execute: async (user, i) => {
    const cause = `${user.username} rolled back to revision ${i.revision} via AIRe Console`
    const out = await rollbackDeployment(i, kubernetesIdentity(user), cause)
    return {
      data: out,
      before: { revisionTemplate: out.before },
      after: out.noop ? { noop: true } : { revision: i.revision, template: out.after },
    }
  },
  // A no-op wrote nothing, so there is nothing to hold.
  hold: (_i, done) =>
    done.data.noop
      ? null
      : { field: { kind: 'deploymentTemplate' }, expected: done.data.after, before: done.data.before },
  revalidate: ['/models', '/rollback'],
}
