import { z } from 'zod'
import { optionalNumber, requiredNumber } from '@/lib/validations/number-field'

/** Inputs of the Costs page's admin forms, shared by the forms and the server actions. Pure. */

// A blank price is an error, not a free price: 0 is saved only when typed.
const money = (max: number) =>
  requiredNumber(
    z.number().min(0, 'Prices cannot be negative.').max(max, `At most ${max}.`),
    'Enter a price (0 for free).',
  )

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10)
}

/** A price change takes effect from a date that is not in the past, so history keeps its cost. */
const effectiveFrom = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-01.')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Not a calendar date.')
  .refine((s) => s >= todayUtc(), 'Prices take effect today or later; past costs are not rewritten.')

export const modelPriceSchema = z.object({
  model: z.string().trim().min(1, 'Name the served model.').max(256),
  effectiveFrom,
  inputPerM: money(10_000),
  outputPerM: money(10_000),
  cachedPerM: money(10_000),
  note: z.string().trim().max(200).optional(),
})
export type ModelPriceInput = z.infer<typeof modelPriceSchema>

export const gpuPriceSchema = z.object({
  product: z.string().trim().min(1, 'Name the GPU product (dcgm modelName).').max(128),
  effectiveFrom,
  perHour: money(1_000),
  note: z.string().trim().max(200).optional(),
})
export type GpuPriceInput = z.infer<typeof gpuPriceSchema>

const budgetAmount = z
  .number()
  .gt(0, 'A budget is more than 0; use "Remove budget" to remove it.')
  .max(1e9, 'At most 1,000,000,000.')
  // Money is kept to the cent: 1200.505 is a typo, not a budget.
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'At most two decimals (cents).')

/** Sets a budget, or with `remove: true` (the "Remove budget" control) removes it; blank is neither. */
export const teamBudgetSchema = z
  .object({
    team: z
      .string()
      .trim()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'A team name (lowercase, digits, dashes).')
      .max(63),
    remove: z.boolean().default(false),
    monthly: optionalNumber(budgetAmount),
    warnAtPercent: optionalNumber(
      z.number().int('A whole percent.').min(1, 'Between 1 and 100.').max(100, 'Between 1 and 100.'),
    ).transform((n) => n ?? 80),
  })
  .superRefine((v, ctx) => {
    if (!v.remove && v.monthly === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['monthly'],
        message: 'Enter the monthly amount, or use "Remove budget".',
      })
    if (v.remove && v.monthly !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['monthly'],
        message: 'Either an amount or "Remove budget", not both.',
      })
  })
export type TeamBudgetInput = z.infer<typeof teamBudgetSchema>
