'use server'
import { runAction } from '@/lib/actions/run-action'
import { canAdmin } from '@/lib/auth/permissions'
import { teamBudgetAction } from '@/lib/actions/specs/team-budget'
import { setGpuPrice, setModelPrice } from '@/lib/cost/prices-repo'
import { gpuPriceSchema, modelPriceSchema } from '@/lib/cost/schemas'

// Set a served model's token prices from a date on (today or later); admins only.
export async function setModelPriceAction(input: unknown) {
  return runAction(
    {
      action: 'cost.model-price',
      schema: modelPriceSchema,
      target: (i) => ({ kind: 'ModelPrice', name: `${i.model}@${i.effectiveFrom}` }),
      authorize: (user) => canAdmin(user),
      execute: async (user, i) => {
        const r = await setModelPrice(i, user.username)
        return { data: { days: r.days }, before: r.before, after: r.after }
      },
      revalidate: ['/costs'],
    },
    input,
  )
}

// Set a GPU product's hourly price from a date on (today or later); admins only.
export async function setGpuPriceAction(input: unknown) {
  return runAction(
    {
      action: 'cost.gpu-price',
      schema: gpuPriceSchema,
      target: (i) => ({ kind: 'GpuPrice', name: `${i.product}@${i.effectiveFrom}` }),
      authorize: (user) => canAdmin(user),
      execute: async (user, i) => {
        const r = await setGpuPrice(i, user.username)
        return { data: { days: r.days }, before: r.before, after: r.after }
      },
      revalidate: ['/costs'],
    },
    input,
  )
}

// Set or remove (explicitly) a team's monthly budget; admins only (shared with quota-request approval).
export async function setTeamBudgetAction(input: unknown) {
  return runAction(teamBudgetAction, input)
}
