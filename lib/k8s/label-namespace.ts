import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { paths } from '@/lib/k8s/paths'
import { TEAM_LABEL } from '@/lib/k8s/namespace-team'
import { lostRace } from '@/lib/k8s/stale-write'
import type { ObjectMeta } from '@/lib/k8s/types'

const pointer = `/metadata/labels/${TEAM_LABEL.replace('/', '~1')}`

/**
 * Gives a namespace to a team by its `aire.dev/team` label, as the user. A namespace belongs to one
 * team: one labelled for another team is refused. Returns the previous owner (null) for compensation.
 */
export async function labelNamespace(
  cluster: string,
  namespace: string,
  team: string,
  as: Impersonation,
): Promise<{ previous: string | null }> {
  const what = `Namespace ${namespace} on ${cluster}`
  const r = await k8sRequest<{ metadata: ObjectMeta }>(cluster, {
    method: 'GET',
    path: paths.namespace(namespace),
    as,
  })
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster, what })
  const previous = r.body.metadata.labels?.[TEAM_LABEL] ?? null
  if (previous === team) return { previous }
  if (previous)
    throw new AppError(
      'conflict',
      `${what} already belongs to team ${previous}; a namespace belongs to one team.`,
    )
  const rv = r.body.metadata.resourceVersion
  const ops = [
    { op: 'test', path: '/metadata/resourceVersion', value: rv },
    r.body.metadata.labels
      ? { op: 'add', path: pointer, value: team }
      : { op: 'add', path: '/metadata/labels', value: { [TEAM_LABEL]: team } },
  ]
  const p = await k8sRequest(cluster, {
    method: 'PATCH',
    path: paths.namespace(namespace),
    contentType: 'application/json-patch+json',
    body: ops,
    as,
  })
  if (await lostRace(cluster, paths.namespace(namespace), p.status, rv, as)) {
    throw new AppError(
      'conflict',
      `${what} changed while it was being assigned. Nothing was written; try again.`,
    )
  }
  if (p.status !== 200) throw toAppError(p.status, p.body, { cluster, what })
  return { previous }
}

/** Undoes labelNamespace when the rest of a team creation fails, so no team is left half-made. */
export async function unlabelNamespace(
  cluster: string,
  namespace: string,
  team: string,
  as: Impersonation,
): Promise<void> {
  const r = await k8sRequest<{ metadata: ObjectMeta }>(cluster, {
    method: 'GET',
    path: paths.namespace(namespace),
    as,
  })
  if (r.status !== 200 || r.body.metadata.labels?.[TEAM_LABEL] !== team) return
  await k8sRequest(cluster, {
    method: 'PATCH',
    path: paths.namespace(namespace),
    contentType: 'application/json-patch+json',
    body: [
      { op: 'test', path: pointer, value: team },
      { op: 'remove', path: pointer },
    ],
    as,
  })
}
