import 'server-only'
import { clusterNames } from '@/lib/k8s/clusters'
import { k8sRequest } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import { TEAM_LABEL } from '@/lib/k8s/namespace-team'
import { getGpuQuota, type GpuQuotaState } from '@/lib/k8s/set-gpu-quota'
import { getTokenLimit, type TokenLimitState } from '@/lib/k8s/set-token-limit'
import type { List, ObjectMeta } from '@/lib/k8s/types'

export interface TeamClusterQuotas {
  cluster: string
  namespaces: { name: string; gpu: GpuQuotaState }[]
  tokens: TokenLimitState
  error?: string
}

/** Per cluster: the team's namespaces with their GPU quotas, and the team's gateway token limit. */
export async function teamQuotas(team: string): Promise<TeamClusterQuotas[]> {
  return Promise.all(
    clusterNames().map(async (cluster): Promise<TeamClusterQuotas> => {
      try {
        const ns = await k8sRequest<List<{ metadata: ObjectMeta }>>(cluster, {
          method: 'GET',
          path: paths.namespaces(`${TEAM_LABEL}=${team}`),
        })
        const names = ns.status === 200 ? ns.body.items.map((n) => n.metadata.name).sort() : []
        const [namespaces, tokens] = await Promise.all([
          Promise.all(names.map(async (name) => ({ name, gpu: await getGpuQuota(cluster, name) }))),
          getTokenLimit(cluster, team),
        ])
        return { cluster, namespaces, tokens }
      } catch (e) {
        return {
          cluster,
          namespaces: [],
          tokens: { exists: false, resourceVersion: null, tokensPerHour: null },
          error: e instanceof Error ? e.message : 'unreachable',
        }
      }
    }),
  )
}
