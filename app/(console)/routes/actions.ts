'use server'
import { runAction } from '@/lib/actions/run-action'
import { setRouteWeightsAction } from '@/lib/actions/specs/route-weights'
import { shiftToStableAction } from '@/lib/actions/specs/shift-to-stable'
import { pauseOwnerThenSetWeightsAction } from '@/lib/actions/specs/pause-then-weights'
import {
  disableArgoAutoSyncAction,
  enableArgoAutoSyncAction,
  resumeFluxAction,
  suspendFluxAction,
  abortRolloutAction,
  promoteRolloutAction,
} from '@/lib/actions/specs/owner-actions'

// Set the weights of one HTTPRoute rule (operator of the route's team, or admin).
export async function setRouteWeights(input: unknown) {
  return runAction(setRouteWeightsAction, input)
}

// Suspend the route's Flux object (or its Argo CD auto-sync), then set the weights; undone if they fail.
export async function pauseOwnerThenSetWeights(input: unknown) {
  return runAction(pauseOwnerThenSetWeightsAction, input)
}

// Send all of a rule's traffic to its stable backend: the on-call's emergency lever.
export async function shiftToStable(input: unknown) {
  return runAction(shiftToStableAction, input)
}

// The owner's path (issue 14.3): the route's owner object is found on the server from the route.
export async function suspendFlux(input: unknown) {
  return runAction(suspendFluxAction, input)
}
export async function resumeFlux(input: unknown) {
  return runAction(resumeFluxAction, input)
}
export async function disableArgoAutoSync(input: unknown) {
  return runAction(disableArgoAutoSyncAction, input)
}
export async function enableArgoAutoSync(input: unknown) {
  return runAction(enableArgoAutoSyncAction, input)
}
export async function abortRollout(input: unknown) {
  return runAction(abortRolloutAction, input)
}
export async function promoteRollout(input: unknown) {
  return runAction(promoteRolloutAction, input)
}
