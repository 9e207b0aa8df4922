import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canAdmin } from '@/lib/auth/permissions'
import { setGpuPrice, setModelPrice } from '@/lib/cost/prices-repo'
import { gpuPriceSchema, modelPriceSchema } from '@/lib/validations/cost'

type PriceSet = { days: number }

// Set a served model's token prices from a date on (today or later); admins only.
export const setModelPriceAction: ActionSpec<typeof modelPriceSchema, PriceSet> = {
  action: 'cost.model-price',
  schema: modelPriceSchema,
  target: (i) => ({ kind: 'ModelPrice', name: `${i.model}@${i.effectiveFrom}` }),
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const r = await setModelPrice(i, user.username)
    return { data: { days: r.days }, before: r.before, after: r.after }
  },
  revalidate: ['/costs'],
}

// Set a GPU product's hourly price from a date on (today or later); admins only.
export const setGpuPriceAction: ActionSpec<typeof gpuPriceSchema, PriceSet> = {
  action: 'cost.gpu-price',
  schema: gpuPriceSchema,
  target: (i) => ({ kind: 'GpuPrice', name: `${i.product}@${i.effectiveFrom}` }),
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const r = await setGpuPrice(i, user.username)
    return { data: { days: r.days }, before: r.before, after: r.after }
  },
  revalidate: ['/costs'],
}
