import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import type { ObjectMeta } from '@/lib/k8s/types'
import { LABEL } from '@/lib/k8s/labels'

export const TEAM_LABEL = LABEL.team

/**
 * The team that owns a namespace, from its `aire.dev/team` label, read with the console's own
 * credentials. Used only to decide which console permission applies; the write itself is
 * made as the user, so cluster RBAC still decides.
 */
export async function namespaceTeam(cluster: string, namespace: string): Promise<string | null> {
  const r = await k8sRequest<{ metadata: ObjectMeta }>(cluster, {
    method: 'GET',
    path: paths.namespace(namespace),
  })
  if (r.status === 404)
    throw new AppError('not_found', `Namespace ${namespace} does not exist on ${cluster}.`)
  if (r.status !== 200)
    throw new AppError(
      'cluster_unreachable',
      `Could not read namespace ${namespace} on ${cluster} (HTTP ${r.status}).`,
    )
  return r.body.metadata.labels?.[TEAM_LABEL] ?? null
}
