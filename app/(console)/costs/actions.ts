'use server'
import { runAction } from '@/lib/actions/run-action'
import { setGpuPriceAction, setModelPriceAction } from '@/lib/actions/specs/prices'
import { setTeamBudgetAction } from '@/lib/actions/specs/team-budget'

// Set a served model's token prices from a date on (today or later); admins only.
export async function setModelPrice(input: unknown) {
  return runAction(setModelPriceAction, input)
}

// Set a GPU product's hourly price from a date on (today or later); admins only.
export async function setGpuPrice(input: unknown) {
  return runAction(setGpuPriceAction, input)
}

// Set or remove (explicitly) a team's monthly budget; admins only (shared with quota-request approval).
export async function setTeamBudget(input: unknown) {
  return runAction(setTeamBudgetAction, input)
}
