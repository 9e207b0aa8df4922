import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { morePaths } from '@/lib/k8s/paths'
import type { BackendRef, List, ObjectMeta } from '@/lib/k8s/types'

/** The convention (docs/ACTIONS.md): the backend's InferencePool or Service carries this label. */
export const TRACK_LABEL = 'aire.dev/track'

/** Index of the one backend marked stable; InferencePools and Services are both looked up. */
export async function stableBackendIndex(
  cluster: string,
  namespace: string,
  refs: BackendRef[],
  as: Impersonation,
): Promise<number> {
  const pools = await k8sRequest<List<{ metadata: ObjectMeta }>>(cluster, {
    method: 'GET',
    path: morePaths.inferencePools(namespace),
    as,
  })
  const services = await k8sRequest<List<{ metadata: ObjectMeta }>>(cluster, {
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`,
    as,
  })
  const stable = new Set<string>()
  for (const [kind, list] of [
    ['InferencePool', pools],
    ['Service', services],
  ] as const) {
    if (list.status !== 200) continue
    for (const o of list.body.items)
      if (o.metadata.labels?.[TRACK_LABEL] === 'stable') stable.add(`${kind}/${o.metadata.name}`)
  }
  const matches = refs
    .map((r, i) => ({ i, key: `${r.kind ?? 'Service'}/${r.name}` }))
    .filter((m) => stable.has(m.key))
  if (matches.length === 0) {
    throw new AppError(
      'invalid_input',
      `No backend of this rule is marked stable. Label its stable InferencePool or Service ${TRACK_LABEL}=stable.`,
    )
  }
  if (matches.length > 1) {
    throw new AppError(
      'invalid_input',
      `More than one backend is marked stable (${matches.map((m) => m.key).join(', ')}).`,
    )
  }
  return matches[0]!.i
}
