import 'server-only'
import type { ActionSpec, ActionTarget } from '@/lib/actions/run-action'
import { routeTarget } from '@/lib/actions/specs/route-weights'
import { canOperate, kubernetesIdentity, type SessionUser } from '@/lib/auth/permissions'
import { AppError } from '@/lib/errors'
import { getRoute } from '@/lib/k8s/patch-route-weights'
import { ANNOTATION } from '@/lib/k8s/labels'
import {
  ABORT_PATCH,
  automatedOf,
  gitopsOwnerOf,
  ownerState,
  previousAutomated,
  promotePatches,
  PREVIOUS_AUTOMATED,
  type OwnerObjectKind,
  type OwnerObjectRef,
  type OwnerObjectState,
} from '@/lib/k8s/owner-objects'
import { findRollout, readOwner, writeOwner, type OwnerWrite } from '@/lib/k8s/owner-writes'
import type { Impersonation } from '@/lib/k8s/request'
import { ownerActionSchema, type OwnerActionInput } from '@/lib/validations/owner-actions'

type Schema = typeof ownerActionSchema
type Want = 'flux' | 'argocd' | 'rollout'

const WANT_LABEL: Record<Want, string> = {
  flux: 'a Flux Kustomization or HelmRelease',
  argocd: 'an Argo CD Application',
  rollout: 'an Argo Rollout',
}
const KINDS: Record<Want, OwnerObjectKind[]> = {
  flux: ['Kustomization', 'HelmRelease'],
  argocd: ['Application'],
  rollout: ['Rollout'],
}

/** The owner object, found from the route's own metadata read as the user. */
async function ownerOfRoute(i: OwnerActionInput, want: Want, as: Impersonation): Promise<OwnerObjectRef> {
  const route = await getRoute(i.cluster, i.namespace, i.name, as)
  const ref =
    want === 'rollout'
      ? await findRollout(i.cluster, { namespace: i.namespace, name: i.name, metadata: route.metadata }, as)
      : gitopsOwnerOf(route.metadata)
  if (!ref || !KINDS[want].includes(ref.kind)) {
    throw new AppError(
      'invalid_input',
      `HTTPRoute ${i.namespace}/${i.name} is not owned by ${WANT_LABEL[want]}; nothing was written.`,
    )
  }
  return ref
}

/** The audit and result: the owner object's state before and after. */
export interface OwnerActionResult {
  ref: OwnerObjectRef
  before: OwnerObjectState
  after: OwnerObjectState
}

function ownerSpec(
  action: string,
  want: Want,
  write: (ref: OwnerObjectRef, user: SessionUser) => OwnerWrite,
  onRefused?: (ref: OwnerObjectRef, obj: unknown, e: AppError) => AppError,
): ActionSpec<Schema, OwnerActionResult> {
  return {
    action,
    schema: ownerActionSchema,
    target: routeTarget,
    // Operator of the route's team, or admin; the cluster's RBAC on the owner object decides too.
    authorize: (user, _i, t) => canOperate(user, t.team),
    execute: async (user, i) => {
      const as = kubernetesIdentity(user)
      const ref = await ownerOfRoute(i, want, as)
      const target: ActionTarget = { namespace: ref.namespace, kind: ref.kind, name: ref.name }
      try {
        const { before, after } = await writeOwner(i.cluster, ref, i.resourceVersion, as, write(ref, user))
        const data = { ref, before: ownerState(ref, before), after: ownerState(ref, after) }
        // The full automated policy goes in the audit's before, so a re-enable can be checked against it.
        const auditBefore =
          ref.kind === 'Application' ? { ...data.before, automated: automatedOf(before) } : data.before
        return { data, before: auditBefore, after: data.after, target }
      } catch (e) {
        // Only an RBAC refusal (403) gets the "change it in Git" answer, not a validation error.
        if (e instanceof AppError && e.code === 'cluster_refused' && /RBAC/.test(e.message) && onRefused) {
          const obj = await readOwner(i.cluster, ref).catch(() => null)
          throw onRefused(ref, obj, e)
        }
        throw e
      }
    },
    revalidate: ['/routes'],
  }
}

const cause = (user: SessionUser, what: string) => `${user.username} ${what} via AIRe Console`
const annotation = (user: SessionUser, what: string) => ({ [ANNOTATION.changeCause]: cause(user, what) })

function fluxSuspend(suspend: boolean) {
  return (ref: OwnerObjectRef, user: SessionUser): OwnerWrite => ({
    startsFrom: (o) => ownerState(ref, o).suspended !== suspend,
    instead: () => (suspend ? 'already suspended' : 'already resumed'),
    event: {
      reason: suspend ? 'Suspended' : 'Resumed',
      message: cause(user, suspend ? 'suspended it' : 'resumed it'),
    },
    patches: () => [
      {
        body: {
          metadata: { annotations: annotation(user, suspend ? 'suspended it' : 'resumed it') },
          spec: { suspend },
        },
      },
    ],
  })
}

/** Where to change it instead, when the user may not touch the Application. */
function gitPath(ref: OwnerObjectRef, obj: unknown, e: AppError): AppError {
  const src = obj ? ownerState(ref, obj).source : undefined
  const where = src?.repoURL
    ? ` Change it in Git instead: ${src.repoURL}${src.path ? `, path ${src.path}` : ''}${src.targetRevision ? ` (${src.targetRevision})` : ''}.`
    : ' Change it in Git instead (the Application’s spec.source).'
  return new AppError(
    'cluster_refused',
    `You may not change Argo CD Application ${ref.namespace}/${ref.name} (Kubernetes RBAC); nothing was written.${where}`,
    { current: e.current },
  )
}

export const suspendFluxAction = ownerSpec('flux.suspend', 'flux', fluxSuspend(true))
export const resumeFluxAction = ownerSpec('flux.resume', 'flux', fluxSuspend(false))

export const disableArgoAutoSyncAction = ownerSpec(
  'argocd.disable-auto-sync',
  'argocd',
  (ref, user) => ({
    startsFrom: (o) => ownerState(ref, o).autoSync === true,
    instead: () => 'no longer auto-syncing',
    event: { reason: 'AutoSyncDisabled', message: cause(user, 'disabled auto-sync') },
    // automated: null removes it (what Argo CD's UI does); the old policy is kept on the object.
    patches: (o) => [
      {
        body: {
          metadata: {
            annotations: {
              ...annotation(user, 'disabled auto-sync'),
              [PREVIOUS_AUTOMATED]: JSON.stringify(automatedOf(o) ?? {}),
            },
          },
          spec: { syncPolicy: { automated: null } },
        },
      },
    ],
  }),
  gitPath,
)

export const enableArgoAutoSyncAction = ownerSpec(
  'argocd.enable-auto-sync',
  'argocd',
  (ref, user) => ({
    startsFrom: (o) => ownerState(ref, o).autoSync === false,
    instead: () => 'auto-syncing again',
    event: { reason: 'AutoSyncEnabled', message: cause(user, 're-enabled auto-sync') },
    // The policy it was disabled from (prune, selfHeal as they were); without one, self-heal on.
    patches: (o) => [
      {
        body: {
          metadata: {
            annotations: { ...annotation(user, 're-enabled auto-sync'), [PREVIOUS_AUTOMATED]: null },
          },
          spec: { syncPolicy: { automated: previousAutomated(o) ?? { selfHeal: true } } },
        },
      },
    ],
  }),
  gitPath,
)

export const abortRolloutAction = ownerSpec('rollout.abort', 'rollout', (ref, user) => ({
  startsFrom: (o) => ownerState(ref, o).rollout?.aborted !== true,
  instead: () => 'already aborted',
  event: { reason: 'RolloutAborted', message: cause(user, 'aborted the rollout') },
  patches: () => [{ body: { ...ABORT_PATCH }, subresource: 'status' }],
}))

export const promoteRolloutAction = ownerSpec('rollout.promote', 'rollout', (ref, user) => ({
  startsFrom: (o) => ownerState(ref, o).rollout?.aborted !== true,
  instead: () => 'aborted (retry it before promoting)',
  event: { reason: 'RolloutPromoted', message: cause(user, 'promoted the rollout') },
  patches: (o) => {
    const p = promotePatches(o)
    const out: { body: Record<string, unknown>; subresource?: 'status' }[] = []
    if (p.status) out.push({ body: p.status as Record<string, unknown>, subresource: 'status' })
    if (p.spec) out.push({ body: p.spec as Record<string, unknown> })
    if (out.length === 0)
      throw new AppError('invalid_input', `Rollout ${ref.namespace}/${ref.name} has no step to promote to.`)
    return out
  },
}))
