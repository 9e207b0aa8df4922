'use server'
import { runAction } from '@/lib/actions/run-action'
import { createSloAction, deleteSloAction, updateSloAction } from '@/lib/actions/specs/slo'

// Create an SLO (admins).
export async function createSlo(input: unknown) {
  return runAction(createSloAction, input)
}

// Edit an SLO (admins).
export async function updateSlo(input: unknown) {
  return runAction(updateSloAction, input)
}

// Delete an SLO and its incident notes (admins).
export async function deleteSlo(input: unknown) {
  return runAction(deleteSloAction, input)
}
