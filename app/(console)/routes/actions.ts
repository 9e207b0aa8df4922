'use server'
import { runAction } from '@/lib/actions/run-action'
import { routeWeightsAction } from '@/lib/actions/specs/route-weights'
import { shiftToStableAction } from '@/lib/actions/specs/shift-to-stable'
import {
  argoDisableAutoSyncAction,
  argoEnableAutoSyncAction,
  fluxResumeAction,
  fluxSuspendAction,
  rolloutAbortAction,
  rolloutPromoteAction,
} from '@/lib/actions/specs/owner-actions'

// Set the weights of one HTTPRoute rule (operator of the route's team, or admin).
export async function setRouteWeights(input: unknown) {
  return runAction(routeWeightsAction, input)
}

// Send all of a rule's traffic to its stable backend: the on-call's emergency lever.
export async function shiftToStable(input: unknown) {
  return runAction(shiftToStableAction, input)
}

// The owner's path (issue 14.3): the route's owner object is found on the server from the route.
export async function suspendFlux(input: unknown) {
  return runAction(fluxSuspendAction, input)
}
export async function resumeFlux(input: unknown) {
  return runAction(fluxResumeAction, input)
}
export async function disableArgoAutoSync(input: unknown) {
  return runAction(argoDisableAutoSyncAction, input)
}
export async function enableArgoAutoSync(input: unknown) {
  return runAction(argoEnableAutoSyncAction, input)
}
export async function abortRollout(input: unknown) {
  return runAction(rolloutAbortAction, input)
}
export async function promoteRollout(input: unknown) {
  return runAction(rolloutPromoteAction, input)
}
