'use server'
import { runAction } from '@/lib/actions/run-action'
import { sloCreateAction, sloDeleteAction, sloUpdateAction } from '@/lib/slo/actions'

// Create an SLO (admins).
export async function createSlo(input: unknown) {
  return runAction(sloCreateAction, input)
}

// Edit an SLO (admins).
export async function updateSlo(input: unknown) {
  return runAction(sloUpdateAction, input)
}

// Delete an SLO and its incident notes (admins).
export async function deleteSlo(input: unknown) {
  return runAction(sloDeleteAction, input)
}
