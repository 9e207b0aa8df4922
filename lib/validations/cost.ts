import { z } from 'zod'
import { optionalNumber, requiredNumber } from '@/lib/validations/number-field'

/** Inputs of the Costs page's admin forms, shared by the forms and the server actions. Pure. */

// A blank price is an error, not a free price: 0 is saved only when typed. Prices are kept to the
// micro-unit (lib/cost/money.ts), so more than 6 decimals is a typo, not a price.
const money = (max: number) =>
  requiredNumber(
    z
      .number()
      .min(0, 'Prices cannot be negative.')
      .max(max, `At most ${max}.`)
      .refine((n) => Math.abs(n * 1e6 - Math.round(n * 1e6)) < 1e-6, 'At most 6 decimals.'),
    'Enter a price (0 for free).',
  )

const HOUR_MS = 3_600_000

/** The start of the next whole hour: the earliest a price may take effect from the UI. */
export function nextWholeHour(now = new Date()): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS)
}

/**
 * A price takes effect at a whole UTC hour (the usage ledger is hourly) that has not begun yet, so
 * no hour already used changes its cost. The form sends a date and an hour; the action gets the
 * instant.
 */
const effective = {
  effectiveFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-12-01.')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Not a calendar date.'),
  effectiveHour: optionalNumber(
    z.number().int('A whole hour.').min(0, 'An hour from 0 to 23.').max(23, 'An hour from 0 to 23.'),
  ).transform((n) => n ?? 0),
}

function effectiveInstant<T extends { effectiveFrom: string; effectiveHour: number }>(
  v: T,
  ctx: z.RefinementCtx,
): Omit<T, 'effectiveFrom' | 'effectiveHour'> & { effectiveFrom: Date } {
  const at = new Date(`${v.effectiveFrom}T${String(v.effectiveHour).padStart(2, '0')}:00:00Z`)
  const earliest = nextWholeHour()
  if (at.getTime() < earliest.getTime()) {
    ctx.addIssue({
      code: 'custom',
      path: ['effectiveFrom'],
      message: `Prices take effect from the next hour (${earliest.toISOString().slice(0, 13)}:00 UTC) or later; past costs are not rewritten.`,
    })
    return z.NEVER
  }
  const { effectiveHour: _hour, effectiveFrom: _day, ...rest } = v
  return { ...rest, effectiveFrom: at }
}

/** ISO 4217 code; whether the report can convert it is the action's check (it depends on config). */
const currency = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{3}$/, 'A currency code like USD.'))
  .default('USD')

export const modelPriceSchema = z
  .object({
    model: z.string().trim().min(1, 'Name the served model.').max(256),
    ...effective,
    currency,
    inputPerM: money(10_000),
    outputPerM: money(10_000),
    cachedPerM: money(10_000),
    note: z.string().trim().max(200).optional(),
  })
  .transform(effectiveInstant)
export type ModelPriceInput = z.infer<typeof modelPriceSchema>

export const gpuPriceSchema = z
  .object({
    product: z.string().trim().min(1, 'Name the GPU product (dcgm modelName).').max(128),
    ...effective,
    currency,
    perHour: money(1_000),
    note: z.string().trim().max(200).optional(),
  })
  .transform(effectiveInstant)
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
