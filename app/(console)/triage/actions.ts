'use server'
import { runAction } from '@/lib/actions/run-action'
import { revertChangeAction } from '@/lib/actions/specs/revert'
import { rollbackDeploymentAction } from '@/lib/actions/specs/rollback'
import { shiftToStableAction } from '@/lib/actions/specs/shift-to-stable'
import { saveIncidentNoteAction } from '@/lib/actions/specs/slo'

// Mitigate a burn: all of a route rule's traffic to its stable backend (the change-actions spec).
export async function shiftToStable(input: unknown) {
  return runAction(shiftToStableAction, input)
}

// Mitigate a burn: roll a Deployment back to its previous revision (the change-actions spec).
export async function rollbackDeployment(input: unknown) {
  return runAction(rollbackDeploymentAction, input)
}

// Mitigate a burn: revert a console change from its audit record (the change-actions spec).
export async function revertChange(input: unknown) {
  return runAction(revertChangeAction, input)
}

// Save a short incident note with the SLO; runAction records it in the audit trail too.
export async function saveIncidentNote(input: unknown) {
  return runAction(saveIncidentNoteAction, input)
}
