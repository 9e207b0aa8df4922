import 'server-only'
import { executeAction, type ActionContext, type ActionSpec } from '@/lib/actions/run-action'
import { routeTarget, setRouteWeightsAction } from '@/lib/actions/specs/route-weights'
import {
  disableArgoAutoSyncAction,
  enableArgoAutoSyncAction,
  resumeFluxAction,
  suspendFluxAction,
  type OwnerActionResult,
} from '@/lib/actions/specs/owner-actions'
import { canOperate, kubernetesIdentity } from '@/lib/auth/permissions'
import { AppError, type ActionResult, type HoldTicket } from '@/lib/errors'
import { gitopsOwnerOf, type OwnerObjectKind } from '@/lib/k8s/owner-objects'
import { getRoute, type RuleWeights } from '@/lib/k8s/patch-route-weights'
import { pauseThenWeightsSchema } from '@/lib/validations/pause-then-change'

type OwnerSpec = typeof suspendFluxAction

/** How each re-applying owner is paused and un-paused, in the words the page uses. */
const PAUSE: Partial<
  Record<OwnerObjectKind, { pause: OwnerSpec; resume: OwnerSpec; paused: string; undo: string }>
> = {
  Kustomization: { pause: suspendFluxAction, resume: resumeFluxAction, paused: 'suspended', undo: 'resumed' },
  HelmRelease: { pause: suspendFluxAction, resume: resumeFluxAction, paused: 'suspended', undo: 'resumed' },
  Application: {
    pause: disableArgoAutoSyncAction,
    resume: enableArgoAutoSyncAction,
    paused: 'set to manual sync (auto-sync disabled)',
    undo: 'auto-syncing again',
  },
}

export interface PauseThenWeightsResult {
  owner: OwnerActionResult
  weights: RuleWeights
  /** the weight change's own hold check (its audit row is the route.weights one) */
  hold: HoldTicket | null
}

const reply = <T>(r: ActionResult<T>): T => {
  if (r.ok) return r.data
  throw new AppError(r.code, r.message, { current: r.current, fieldErrors: r.fieldErrors })
}

/**
 * The owner's path for a route that Flux or Argo CD re-applies, as one action of two audited
 * writes: pause the owner (flux.suspend / argocd.disable-auto-sync), then the weight change
 * (route.weights, with its hold check). If the change fails, the pause is undone (a third audited
 * write), so nothing is left half-done; if even that fails, the message says what is still paused.
 * Each step runs through the same pipeline as the user, with the role and RBAC checks of its own.
 */
export const pauseOwnerThenSetWeightsAction: ActionSpec<
  typeof pauseThenWeightsSchema,
  PauseThenWeightsResult
> = {
  action: 'route.pause-owner-then-weights',
  schema: pauseThenWeightsSchema,
  target: (i) => routeTarget(i.change),
  authorize: (user, _i, t) => canOperate(user, t.team),
  execute: async (user, i) => {
    const c = i.change
    const route = await getRoute(c.cluster, c.namespace, c.name, kubernetesIdentity(user))
    const ref = gitopsOwnerOf(route.metadata)
    const path = ref ? PAUSE[ref.kind] : undefined
    if (!ref || !path) {
      throw new AppError(
        'invalid_input',
        `HTTPRoute ${c.namespace}/${c.name} is not re-applied by Flux or Argo CD, so there is nothing to suspend; apply the change directly. Nothing was written.`,
      )
    }
    const what = `${ref.kind} ${ref.namespace}/${ref.name}`
    // The request's origin was checked by this action's own pipeline run.
    const ctx: ActionContext = { user, originOk: true }
    const ownerInput = { cluster: c.cluster, namespace: c.namespace, name: c.name }
    const paused = await executeAction(
      path.pause,
      { ...ownerInput, resourceVersion: i.ownerResourceVersion },
      ctx,
    )
    const owner = reply(paused)
    const changed = await executeAction(setRouteWeightsAction, c, ctx)
    if (changed.ok) {
      const data = { owner, weights: changed.data, hold: changed.hold ?? null }
      return { data, before: { owner: owner.before }, after: { owner: owner.after, weights: changed.data } }
    }
    const undone = await executeAction(
      path.resume,
      { ...ownerInput, resourceVersion: owner.after.resourceVersion },
      ctx,
    )
    const undo = undone.ok
      ? `${what} was ${path.paused} for this change and is ${path.undo} again: nothing is changed.`
      : `${what} was ${path.paused} for this change, and undoing that failed (${undone.message}): it is still ${path.paused}; undo it from the owner notice.`
    throw new AppError(changed.code, `${changed.message} ${undo}`, {
      current: changed.current,
      fieldErrors: changed.fieldErrors,
    })
  },
  revalidate: ['/routes'],
}
