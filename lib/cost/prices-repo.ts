import 'server-only'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { acceptedCurrencies, noRateMessage, rateOf, reportBasis } from './currency'
import { micros, toMicros } from './money'
import { recomputeFrom } from './recompute'
import type { GpuPriceInput, ModelPriceInput, TeamBudgetInput } from '@/lib/validations/cost'

/** Price and budget rows as the page, the CSV and the audit log see them: micro-units as numbers. */
export interface ModelPriceView {
  id: string
  model: string
  effectiveFrom: Date
  inputMicrosPerM: number
  outputMicrosPerM: number
  cachedMicrosPerM: number
  currency: string
  example: boolean
  createdBy: string
}

export interface GpuPriceView {
  id: string
  product: string
  effectiveFrom: Date
  microsPerHour: number
  currency: string
  example: boolean
  createdBy: string
}

export interface BudgetView {
  team: string
  monthlyMicros: number
  currency: string
  warnAt: number
}

type ModelPriceRow = Awaited<ReturnType<ReturnType<typeof db>['modelPrice']['findMany']>>[number]
type GpuPriceRow = Awaited<ReturnType<ReturnType<typeof db>['gpuPrice']['findMany']>>[number]
type BudgetRow = Awaited<ReturnType<ReturnType<typeof db>['teamBudget']['findMany']>>[number]

const modelView = (r: ModelPriceRow): ModelPriceView => ({
  id: r.id,
  model: r.model,
  effectiveFrom: r.effectiveFrom,
  inputMicrosPerM: micros(r.inputMicrosPerM),
  outputMicrosPerM: micros(r.outputMicrosPerM),
  cachedMicrosPerM: micros(r.cachedMicrosPerM),
  currency: r.currency,
  example: r.example,
  createdBy: r.createdBy,
})

const gpuView = (r: GpuPriceRow): GpuPriceView => ({
  id: r.id,
  product: r.product,
  effectiveFrom: r.effectiveFrom,
  microsPerHour: micros(r.microsPerHour),
  currency: r.currency,
  example: r.example,
  createdBy: r.createdBy,
})

export const budgetView = (r: BudgetRow): BudgetView => ({
  team: r.team,
  monthlyMicros: micros(r.monthlyMicros),
  currency: r.currency,
  warnAt: r.warnAt,
})

export async function listModelPrices(): Promise<ModelPriceView[]> {
  const rows = await db().modelPrice.findMany({ orderBy: [{ model: 'asc' }, { effectiveFrom: 'desc' }] })
  return rows.map(modelView)
}

export async function listGpuPrices(): Promise<GpuPriceView[]> {
  const rows = await db().gpuPrice.findMany({ orderBy: [{ product: 'asc' }, { effectiveFrom: 'desc' }] })
  return rows.map(gpuView)
}

/** A price may be entered in the report currency or one with a configured rate, nothing else. */
function checkCurrency(currency: string): void {
  const basis = reportBasis()
  if (rateOf(basis, currency) === null)
    throw new AppError('invalid_input', noRateMessage(currency, basis), {
      fieldErrors: { currency: [`Use ${acceptedCurrencies(basis).join(' or ')}.`] },
    })
}

/** Adds (or replaces, for the same instant) a model's price; hours from that instant on are re-costed. */
export async function setModelPrice(input: ModelPriceInput, actor: string) {
  checkCurrency(input.currency)
  const effectiveFrom = input.effectiveFrom
  const where = { model_effectiveFrom: { model: input.model, effectiveFrom } }
  const before = await db().modelPrice.findUnique({ where })
  const data = {
    inputMicrosPerM: BigInt(toMicros(input.inputPerM)),
    outputMicrosPerM: BigInt(toMicros(input.outputPerM)),
    cachedMicrosPerM: BigInt(toMicros(input.cachedPerM)),
    currency: input.currency,
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
  return { before: before && modelView(before), after: modelView(after), days }
}

export async function setGpuPrice(input: GpuPriceInput, actor: string) {
  checkCurrency(input.currency)
  const effectiveFrom = input.effectiveFrom
  const where = { product_effectiveFrom: { product: input.product, effectiveFrom } }
  const before = await db().gpuPrice.findUnique({ where })
  const data = {
    microsPerHour: BigInt(toMicros(input.perHour)),
    currency: input.currency,
    note: input.note ?? null,
    example: false,
    createdBy: actor,
  }
  const after = await db().gpuPrice.upsert({
    where,
    create: { product: input.product, effectiveFrom, ...data },
    update: { ...data, createdAt: new Date() },
  })
  const days = await recomputeFrom(effectiveFrom)
  return { before: before && gpuView(before), after: gpuView(after), days }
}

/**
 * Sets a team's monthly budget in the report currency, or removes it when asked to (never because
 * a field was blank).
 */
export async function setTeamBudget(input: TeamBudgetInput, actor: string) {
  const team = await db().team.findUnique({ where: { name: input.team } })
  if (!team) throw new AppError('not_found', `There is no team "${input.team}".`)
  const found = await db().teamBudget.findUnique({ where: { team: input.team } })
  const before = found && budgetView(found)
  if (input.remove || input.monthly === undefined) {
    if (found) await db().teamBudget.delete({ where: { team: input.team } })
    return { before, after: null }
  }
  const data = {
    monthlyMicros: BigInt(toMicros(input.monthly)),
    currency: reportBasis().currency,
    warnAt: input.warnAtPercent / 100,
    updatedBy: actor,
  }
  const after = await db().teamBudget.upsert({
    where: { team: input.team },
    create: { team: input.team, ...data },
    update: data,
  })
  return { before, after: budgetView(after) }
}
