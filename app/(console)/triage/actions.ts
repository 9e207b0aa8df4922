'use server'
import { runAction } from '@/lib/actions/run-action'
import { revertAction } from '@/lib/actions/specs/revert'
import { rollbackAction } from '@/lib/actions/specs/rollback'
import { shiftToStableAction } from '@/lib/actions/specs/shift-to-stable'
import { incidentNoteAction } from '@/lib/slo/actions'

// Mitigate a burn: all of a route rule's traffic to its stable backend (the change-actions spec).
export async function triageShiftToStable(input: unknown) {
  return runAction(shiftToStableAction, input)
}

// Mitigate a burn: roll a Deployment back to its previous revision (the change-actions spec).
export async function triageRollback(input: unknown) {
  return runAction(rollbackAction, input)
}

// Mitigate a burn: revert a console change from its audit record (the change-actions spec).
export async function triageRevert(input: unknown) {
  return runAction(revertAction, input)
}

// Save a short incident note with the SLO; runAction records it in the audit trail too.
export async function saveIncidentNote(input: unknown) {
  return runAction(incidentNoteAction, input)
}
