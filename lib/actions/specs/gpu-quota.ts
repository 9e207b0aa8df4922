import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canAdmin, kubernetesIdentity } from '@/lib/auth/permissions'
import { cluster as findCluster } from '@/lib/k8s/clusters'
import { namespaceTeam } from '@/lib/k8s/namespace-team'
import { GPU_QUOTA_NAME, GPU_RESOURCE, setGpuQuota, type GpuQuotaState } from '@/lib/k8s/set-gpu-quota'
import { gpuQuotaSchema } from '@/lib/validations/quota'

// Set a team namespace's GPU quota (ResourceQuota requests.nvidia.com/gpu), creating it if absent. Admins only.
export const setGpuQuotaAction: ActionSpec<typeof gpuQuotaSchema, GpuQuotaState & { belowUse: boolean }> = {
  action: 'quota.gpu',
  schema: gpuQuotaSchema,
  target: async (i) => {
    findCluster(i.cluster)
    return {
      cluster: i.cluster,
      namespace: i.namespace,
      kind: 'ResourceQuota',
      name: GPU_QUOTA_NAME,
      team: await namespaceTeam(i.cluster, i.namespace),
    }
  },
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const cause = `${user.username} set the GPU quota to ${i.hard} via AIRe Console`
    const { before, after, belowUse } = await setGpuQuota(i, kubernetesIdentity(user), cause)
    return { data: { ...after, belowUse }, before, after }
  },
  hold: (_i, done) => ({
    field: { kind: 'gpuQuota', resource: GPU_RESOURCE },
    expected: done.data.hard,
    before: (done.before as GpuQuotaState | undefined)?.hard ?? null,
  }),
  revalidate: ['/teams'],
}
