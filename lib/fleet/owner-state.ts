import 'server-only'
import type { SessionUser } from '@/lib/auth/permissions'
import { kubernetesIdentity } from '@/lib/auth/permissions'
import type { RouteRow } from '@/lib/fleet/routes'
import { k8sRequest } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import type { HTTPRoute } from '@/lib/k8s/types'
import { gitopsOwnerOf, type OwnerObjectRef, type OwnerObjectState } from '@/lib/k8s/owner-objects'
import { findRollout, mayPatch, ownerStateOf } from '@/lib/k8s/owner-writes'

/** The owner object behind a route as the Routes page shows it, with what the user may do. */
export interface RouteOwnerView {
  ref: OwnerObjectRef
  /** null: the object could not be read (not installed, deleted, cluster down) */
  state: OwnerObjectState | null
  /** whether the user may patch it (SelfSubjectAccessReview as the user) */
  mayPatch: boolean
}

const OWNED = new Set(['flux-kustomization', 'flux-helmrelease', 'argocd', 'argo-rollouts'])

/**
 * Live reads for the owned routes of one page (at most a page's worth): the route's metadata (the
 * watch cache keeps no GitOps labels), then one GET and one access review per distinct owner
 * object, and one Rollout list per namespace. Failures leave the route without owner actions;
 * they never break the page.
 */
export async function routeOwnerViews(
  rows: RouteRow[],
  user: SessionUser | null,
): Promise<Map<string, RouteOwnerView>> {
  const out = new Map<string, RouteOwnerView>()
  if (!user) return out
  const as = kubernetesIdentity(user)
  const owned = rows.filter((r) => r.owner && OWNED.has(r.owner.kind))
  const refs = await Promise.all(
    owned.map(async (r) => {
      try {
        const res = await k8sRequest<HTTPRoute>(r.cluster, {
          method: 'GET',
          path: paths.httpRoute(r.namespace, r.name),
        })
        if (res.status !== 200) return null
        const meta = res.body.metadata
        return r.owner?.kind === 'argo-rollouts'
          ? await findRollout(r.cluster, { namespace: r.namespace, name: r.name, metadata: meta })
          : gitopsOwnerOf(meta)
      } catch {
        return null
      }
    }),
  )
  const distinct = new Map<string, Promise<RouteOwnerView>>()
  owned.forEach((r, i) => {
    const ref = refs[i]
    if (!ref) return
    const key = `${r.cluster}/${ref.kind}/${ref.namespace}/${ref.name}`
    if (!distinct.has(key)) {
      distinct.set(
        key,
        Promise.all([ownerStateOf(r.cluster, ref), mayPatch(r.cluster, ref, as)]).then(([state, may]) => ({
          ref,
          state,
          mayPatch: may,
        })),
      )
    }
  })
  await Promise.all(
    owned.map(async (r, i) => {
      const ref = refs[i]
      if (!ref) return
      const view = await distinct.get(`${r.cluster}/${ref.kind}/${ref.namespace}/${ref.name}`)
      if (view) out.set(r.key, view)
    }),
  )
  return out
}
