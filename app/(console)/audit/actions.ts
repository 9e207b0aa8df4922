'use server'
import { runAction } from '@/lib/actions/run-action'
import { revertChangeAction } from '@/lib/actions/specs/revert'

// Revert an applied weights or GPU quota change to its recorded "before", if nothing changed since.
export async function revertChange(input: unknown) {
  return runAction(revertChangeAction, input)
}
