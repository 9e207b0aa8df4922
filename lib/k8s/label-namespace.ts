import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import { TEAM_LABEL } from '@/lib/k8s/namespace-team'
import {
  conditionalPatch,
  mapEntryOp,
  pointer,
  readObject,
  resourceVersionTest,
  versionMoved,
} from '@/lib/k8s/conditional-patch'
import type { ObjectMeta } from '@/lib/k8s/types'

const teamLabel = `/metadata/labels/${pointer(TEAM_LABEL)}`

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
  const ns = { cluster, path: paths.namespace(namespace), what, as }
  const { metadata } = await readObject<{ metadata: ObjectMeta }>(ns)
  const previous = metadata.labels?.[TEAM_LABEL] ?? null
  if (previous === team) return { previous }
  if (previous)
    throw new AppError(
      'conflict',
      `${what} already belongs to team ${previous}; a namespace belongs to one team.`,
    )
  const rv = metadata.resourceVersion
  const ops = [resourceVersionTest(rv), mapEntryOp('/metadata/labels', metadata.labels, TEAM_LABEL, team)]
  await conditionalPatch(ns, ops, async (status) =>
    (await versionMoved(ns, status, rv))
      ? new AppError(
          'conflict',
          `${what} changed while it was being assigned. Nothing was written; try again.`,
        )
      : null,
  )
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
      { op: 'test', path: teamLabel, value: team },
      { op: 'remove', path: teamLabel },
    ],
    as,
  })
}
