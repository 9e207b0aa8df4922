import 'server-only'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { recomputeFrom } from './recompute'
import type { GpuPriceInput, ModelPriceInput, TeamBudgetInput } from './schemas'

export async function listModelPrices() {
  return db().modelPrice.findMany({ orderBy: [{ model: 'asc' }, { effectiveFrom: 'desc' }] })
}

export async function listGpuPrices() {
  return db().gpuPrice.findMany({ orderBy: [{ product: 'asc' }, { effectiveFrom: 'desc' }] })
}

export async function listBudgets() {
  return db().teamBudget.findMany({ orderBy: { team: 'asc' } })
}

const day = (s: string) => new Date(`${s}T00:00:00Z`)

/** Adds (or replaces, for the same date) a model's price; days from that date are re-costed. */
export async function setModelPrice(input: ModelPriceInput, actor: string) {
  const effectiveFrom = day(input.effectiveFrom)
  const where = { model_effectiveFrom: { model: input.model, effectiveFrom } }
  const before = await db().modelPrice.findUnique({ where })
  const data = {
    inputPerM: input.inputPerM,
    outputPerM: input.outputPerM,
    cachedPerM: input.cachedPerM,
    note: input.note ?? null,
    example: false,
    createdBy: actor,
  }
  const after = await db().modelPrice.upsert({
    where,
    create: { model: input.model, effectiveFrom, ...data },
    update: { ...data, createdAt: new Date() },
  })
  const days = await recomputeFrom(effectiveFrom)
  return { before, after, days }
}

export async function setGpuPrice(input: GpuPriceInput, actor: string) {
  const effectiveFrom = day(input.effectiveFrom)
  const where = { product_effectiveFrom: { product: input.product, effectiveFrom } }
  const before = await db().gpuPrice.findUnique({ where })
  const data = { perHour: input.perHour, note: input.note ?? null, example: false, createdBy: actor }
  const after = await db().gpuPrice.upsert({
    where,
    create: { product: input.product, effectiveFrom, ...data },
    update: { ...data, createdAt: new Date() },
  })
  const days = await recomputeFrom(effectiveFrom)
  return { before, after, days }
}

/** Sets a team's monthly budget, or removes it when asked to (never because a field was blank). */
export async function setTeamBudget(input: TeamBudgetInput, actor: string) {
  const team = await db().team.findUnique({ where: { name: input.team } })
  if (!team) throw new AppError('not_found', `There is no team "${input.team}".`)
  const before = await db().teamBudget.findUnique({ where: { team: input.team } })
  if (input.remove || input.monthly === undefined) {
    if (before) await db().teamBudget.delete({ where: { team: input.team } })
    return { before, after: null }
  }
  const data = { monthly: input.monthly, warnAt: input.warnAtPercent / 100, updatedBy: actor }
  const after = await db().teamBudget.upsert({
    where: { team: input.team },
    create: { team: input.team, ...data },
    update: data,
  })
  return { before, after }
}
