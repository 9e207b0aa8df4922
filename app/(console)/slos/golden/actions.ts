'use server'
import { runAction } from '@/lib/actions/run-action'
import {
  createGoldenSetAction,
  deleteGoldenSetAction,
  updateGoldenSetAction,
} from '@/lib/actions/specs/golden-set'

// Create a golden set (admins).
export async function createGoldenSet(input: unknown) {
  return runAction(createGoldenSetAction, input)
}

// Replace a golden set's prompts and settings (admins).
export async function updateGoldenSet(input: unknown) {
  return runAction(updateGoldenSetAction, input)
}

// Delete a golden set and its results (admins).
export async function deleteGoldenSet(input: unknown) {
  return runAction(deleteGoldenSetAction, input)
}
