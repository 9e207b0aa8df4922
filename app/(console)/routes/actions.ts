'use server'
import { runAction } from '@/lib/actions/run-action'
import { routeWeightsAction } from '@/lib/actions/specs/route-weights'
import { shiftToStableAction } from '@/lib/actions/specs/shift-to-stable'

// Set the weights of one HTTPRoute rule (operator of the route's team, or admin).
export async function setRouteWeights(input: unknown) {
  return runAction(routeWeightsAction, input)
}

// Send all of a rule's traffic to its stable backend: the on-call's emergency lever.
export async function shiftToStable(input: unknown) {
  return runAction(shiftToStableAction, input)
}
