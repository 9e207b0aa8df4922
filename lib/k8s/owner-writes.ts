import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { readObject, recordChange } from '@/lib/k8s/conditional-patch'
import type { OwnedMeta } from '@/lib/k8s/ownership'
import {
  ownerPath,
  ownerState,
  rolloutOwnerRef,
  rolloutRoutes,
  rolloutsPath,
  OWNER_API,
  type OwnerObjectRef,
  type OwnerObjectState,
} from '@/lib/k8s/owner-objects'

const MERGE_PATCH = 'application/merge-patch+json'

type Obj = { metadata?: { resourceVersion?: string } & Record<string, unknown> } & Record<string, unknown>

const describe = (ref: OwnerObjectRef) => `${ref.kind} ${ref.namespace}/${ref.name}`

/** The owner object; `as` absent: with the console's own (read-only) credentials, for pages. */
export async function readOwner(cluster: string, ref: OwnerObjectRef, as?: Impersonation): Promise<Obj> {
  try {
    return await readObject<Obj>({
      cluster,
      path: ownerPath(ref),
      what: describe(ref),
      ...(as ? { as } : {}),
    })
  } catch (e) {
    // A missing owner CRD is a 404 too: say which group, since that is the likelier cause.
    if (e instanceof AppError && e.code === 'not_found')
      throw new AppError(
        'not_found',
        `${describe(ref)} does not exist on ${cluster}, or its CRD (${OWNER_API[ref.kind].group}) is not installed.`,
      )
    throw e
  }
}

/** The owner object's state for a page; null when it cannot be read (the page then says so). */
export async function ownerStateOf(cluster: string, ref: OwnerObjectRef): Promise<OwnerObjectState | null> {
  try {
    return ownerState(ref, await readOwner(cluster, ref))
  } catch {
    return null
  }
}

/**
 * The Rollout behind a route: its controller owner reference, else the Rollout in the route's
 * namespace whose Gateway API plugin names the route (the plugin adds no owner reference).
 */
export async function findRollout(
  cluster: string,
  route: { namespace: string; name: string; metadata: OwnedMeta },
  as?: Impersonation,
): Promise<OwnerObjectRef | null> {
  const byRef = rolloutOwnerRef(route.metadata, route.namespace)
  if (byRef) return byRef
  const r = await k8sRequest<{ items?: unknown[] }>(cluster, {
    method: 'GET',
    path: rolloutsPath(route.namespace),
    ...(as ? { as } : {}),
  })
  if (r.status === 404) return null // Argo Rollouts not installed
  if (r.status !== 200)
    throw toAppError(r.status, r.body, { cluster, what: `Rollouts in ${route.namespace}` })
  for (const item of r.body.items ?? []) {
    const hit = rolloutRoutes(item).some(
      (x) => x.name === route.name && (x.namespace ?? route.namespace) === route.namespace,
    )
    const name = (item as { metadata?: { name?: string } }).metadata?.name
    if (hit && name) return { kind: 'Rollout', namespace: route.namespace, name }
  }
  return null
}

/** Whether the user may patch the owner object (a SelfSubjectAccessReview as the user). */
export async function mayPatch(cluster: string, ref: OwnerObjectRef, as: Impersonation): Promise<boolean> {
  const a = OWNER_API[ref.kind]
  const r = await k8sRequest<{ status?: { allowed?: boolean } }>(cluster, {
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          group: a.group,
          resource: a.plural,
          namespace: ref.namespace,
          name: ref.name,
          verb: 'patch',
        },
      },
    },
    as,
  }).catch(() => null)
  return r?.status === 201 && r.body.status?.allowed === true
}

export interface OwnerWrite {
  /** whether the object is still in the state the action starts from (e.g. not yet suspended) */
  startsFrom: (obj: Obj) => boolean
  /** the state it is in instead, for the conflict sentence */
  instead: (obj: Obj) => string
  /** the Kubernetes Event reason and message on the owner object after the write */
  event: { reason: string; message: string }
  /** the merge patches to send, in order, built from the object just read */
  patches: (obj: Obj) => { body: Record<string, unknown>; subresource?: 'status' }[]
}

/**
 * One owner-object write as the user, conditional on the resourceVersion the user saw. A 409 is
 * re-read: if the object is still in the state the action starts from, only something else moved
 * (a controller's status write) and the write is retried once with the fresh version; otherwise
 * the user gets a conflict with the current state and nothing is written.
 */
export async function writeOwner(
  cluster: string,
  ref: OwnerObjectRef,
  sawVersion: string,
  as: Impersonation,
  w: OwnerWrite,
): Promise<{ before: Obj; after: Obj }> {
  const what = describe(ref)
  const conflict = (obj: Obj) =>
    new AppError(
      'conflict',
      `${what} changed since you opened the page: it is ${w.instead(obj)} now. Nothing was written; review it and try again.`,
      { current: ownerState(ref, obj) },
    )
  let current = await readOwner(cluster, ref, as)
  if (!w.startsFrom(current)) throw conflict(current)
  const before = current
  let version = sawVersion
  const send = async (p: { body: Record<string, unknown>; subresource?: 'status' }) => {
    const meta = typeof p.body.metadata === 'object' && p.body.metadata !== null ? p.body.metadata : {}
    const body = { ...p.body, metadata: { ...meta, resourceVersion: version } }
    const r = await k8sRequest<Obj>(cluster, {
      method: 'PATCH',
      path: ownerPath(ref, p.subresource),
      contentType: MERGE_PATCH,
      body,
      as,
    })
    // A CRD without a status subresource: patch the object itself, as kubectl argo rollouts does.
    if (r.status !== 404 || !p.subresource) return r
    return k8sRequest<Obj>(cluster, {
      method: 'PATCH',
      path: ownerPath(ref),
      contentType: MERGE_PATCH,
      body,
      as,
    })
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    const patches = w.patches(current)
    let after: Obj = current
    let sent = 0
    for (const p of patches) {
      const r = await send(p)
      if (r.status === 409) break
      if (r.status !== 200) throw toAppError(r.status, r.body, { cluster, what })
      after = r.body
      version = r.body.metadata?.resourceVersion ?? version
      sent++
    }
    if (sent === patches.length) {
      const a = OWNER_API[ref.kind]
      await recordChange(
        { cluster, path: ownerPath(ref), what, as },
        {
          namespace: ref.namespace,
          apiVersion: `${a.group}/${a.version}`,
          kind: ref.kind,
          name: ref.name,
          reason: w.event.reason,
        },
        {
          metadata: { uid: typeof after.metadata?.uid === 'string' ? after.metadata.uid : undefined },
        },
        w.event.message,
      )
      return { before, after }
    }
    current = await readOwner(cluster, ref, as)
    // Part of the action went in and then someone else wrote: say so rather than guess.
    if (sent > 0 || !w.startsFrom(current)) throw conflict(current)
    version = current.metadata?.resourceVersion ?? version
  }
  throw conflict(current)
}
