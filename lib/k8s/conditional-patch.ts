import 'server-only'
import type { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation, type K8sResponse } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { emitChangeEvent, type ChangedObject } from '@/lib/k8s/change-event'
import { ANNOTATION } from '@/lib/k8s/labels'
import type { ObjectMeta } from '@/lib/k8s/types'

const JSON_PATCH = 'application/json-patch+json'

/** An RFC 6902 operation, as the writers send them. */
export type PatchOp =
  { op: 'test' | 'add' | 'replace'; path: string; value: unknown } | { op: 'remove'; path: string }

/** JSON-pointer escaping of one key such as an annotation or label name (RFC 6901 §3). */
export function pointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * Sets `key` in the map at `mapPath` (labels, annotations, spec.hard): a map that is absent cannot
 * take an `add` below it, so then the whole map is added with the one entry.
 */
export function mapEntryOp(
  mapPath: string,
  map: Record<string, unknown> | undefined,
  key: string,
  value: unknown,
): PatchOp {
  return map
    ? { op: 'add', path: `${mapPath}/${pointer(key)}`, value }
    : { op: 'add', path: mapPath, value: { [key]: value } }
}

/** The `aire.dev/change-cause` annotation, overwriting an earlier one, as every console write carries. */
export function changeCauseOp(metadata: ObjectMeta, cause: string): PatchOp {
  return mapEntryOp('/metadata/annotations', metadata.annotations, ANNOTATION.changeCause, cause)
}

/** The precondition "nothing was written since this read". */
export function resourceVersionTest(resourceVersion: string | undefined): PatchOp {
  return { op: 'test', path: '/metadata/resourceVersion', value: resourceVersion }
}

/** An object the console reads to write: where it is and what to call it in errors. */
export interface ObjectRef {
  cluster: string
  path: string
  /** "Kind ns/name", as the error messages name the object. */
  what: string
  /** The user's identity; reads without it use the console's own credentials. */
  as?: Impersonation
}

/** Writes are always made as the user, so cluster RBAC decides. */
export interface WriteTarget extends ObjectRef {
  as: Impersonation
}

const get = <T>(ref: ObjectRef) => k8sRequest<T>(ref.cluster, { method: 'GET', path: ref.path, as: ref.as })

/** The object as the server has it now; any refusal is mapped to an error a person can act on. */
export async function readObject<T>(ref: ObjectRef): Promise<T> {
  const body = await readObjectOrNull<T>(ref, false)
  return body as T
}

/** As readObject, with null for an object that does not exist (yet) unless `missingOk` is false. */
export async function readObjectOrNull<T>(ref: ObjectRef, missingOk = true): Promise<T | null> {
  const r = await get<T>(ref)
  if (missingOk && r.status === 404) return null
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster: ref.cluster, what: ref.what })
  return r.body
}

/** The object a write changed, for its Kubernetes Event; the uid is taken from the server's answer. */
export type EventTarget = Omit<ChangedObject, 'uid' | 'cluster'> & { reason: string }

/** One try of a JSON patch, the answer unjudged: for writers that retry before settling. */
export async function sendPatch<T>(target: WriteTarget, ops: readonly PatchOp[]): Promise<K8sResponse<T>> {
  return k8sRequest<T>(target.cluster, {
    method: 'PATCH',
    path: target.path,
    contentType: JSON_PATCH,
    body: ops,
    as: target.as,
  })
}

/**
 * Settles a write's answer. The server refuses a failed `test` with a bare 422 and a stale
 * resourceVersion with 409, which say nothing about why, so on those (`raceStatuses`) the caller's
 * re-read (`lostRace`) decides: an AppError when someone else moved what the write depends on,
 * null when the refusal is the cluster's own (validation, RBAC). Anything but `ok` is then mapped
 * to an error a person can act on.
 */
export async function settle<T>(
  target: WriteTarget,
  r: K8sResponse<T>,
  opts: {
    ok?: number
    lostRace?: LostRace
    raceStatuses?: readonly number[]
  } = {},
): Promise<T> {
  const { ok = 200, lostRace, raceStatuses = [409, 422] } = opts
  if (lostRace && raceStatuses.includes(r.status)) {
    const conflict = await lostRace(r.status)
    if (conflict) throw conflict
  }
  if (r.status !== ok) throw toAppError(r.status, r.body, { cluster: target.cluster, what: target.what })
  return r.body
}

/** Judges a refused write by reading again: the conflict to report, or null when no one else wrote. */
export type LostRace = (status: number) => Promise<AppError | null>

/** The conditional write most writers make: one patch, its refusal judged, its answer mapped. */
export async function conditionalPatch<T>(
  target: WriteTarget,
  ops: readonly PatchOp[],
  lostRace?: LostRace,
): Promise<T> {
  return settle(target, await sendPatch<T>(target, ops), { lostRace })
}

/** Creates an object carrying the change cause; `onConflict` judges a 409 (someone created it first). */
export async function createWithCause<T>(
  target: WriteTarget,
  object: { apiVersion: string; kind: string; metadata: ObjectMeta; spec: unknown },
  cause: string,
  onConflict?: () => Promise<AppError | null>,
): Promise<K8sResponse<T>> {
  const r = await k8sRequest<T>(target.cluster, {
    method: 'POST',
    path: target.path,
    as: target.as,
    body: {
      ...object,
      metadata: { ...object.metadata, annotations: { [ANNOTATION.changeCause]: cause } },
    },
  })
  if (onConflict && r.status === 409) {
    const conflict = await onConflict()
    if (conflict) throw conflict
  }
  return r
}

/**
 * Whether a write conditional on the resourceVersion lost a race: a stale version comes back as
 * 409, a failed `test` of it as a bare 422, so then the object is read again and judged by whether
 * its version moved since `sawVersion`.
 */
export async function versionMoved(
  ref: ObjectRef,
  status: number,
  sawVersion: string | undefined,
): Promise<boolean> {
  if (status === 409) return true
  if (status !== 422) return false
  const fresh = await get<{ metadata: ObjectMeta }>(ref)
  return fresh.status === 200 && fresh.body.metadata.resourceVersion !== sawVersion
}

/** The Kubernetes Event naming the user on the object just written (best effort, see change-event). */
export async function recordChange(
  target: WriteTarget,
  object: EventTarget,
  written: { metadata: Partial<ObjectMeta> },
  cause: string,
): Promise<void> {
  const { reason, ...changed } = object
  await emitChangeEvent(
    { ...changed, cluster: target.cluster, uid: written.metadata.uid },
    target.as,
    reason,
    cause,
  )
}
