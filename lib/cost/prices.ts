/**
 * Prices with effective instants, and the cost of an hour's usage at them, in integer micro-units
 * of the report currency. Pure.
 *
 * A price applies to the hours that start at or after its effectiveFrom, until the next price of
 * the same model or product: adding a price never changes an hour before it. Each hour's cost is
 * rounded to the micro-unit once; a day, a team or a report is the exact sum of those hours.
 * recompute.ts runs the same arithmetic in SQL, term for term, so the database's daily costs and
 * the hour-by-hour view agree to the micro-unit.
 */
import { micros, type Micros } from './money'
import { rateOf, type PricingBasis } from './currency'

export interface TokenPriceRow {
  effectiveFrom: Date
  inputMicrosPerM: bigint | number
  outputMicrosPerM: bigint | number
  cachedMicrosPerM: bigint | number
  currency: string
}

export interface GpuPriceRow {
  effectiveFrom: Date
  microsPerHour: bigint | number
  currency: string
}

/** A token price in the report currency (micro-units per 1M tokens) over [from, to). */
export interface TokenRate {
  from: Date
  to: Date
  input: number
  output: number
  cached: number
}

/** A GPU-hour price in the report currency (micro-units per GPU-hour) over [from, to). */
export interface GpuRate {
  from: Date
  to: Date
  perHour: number
}

/** Prices that cannot enter the report: their currency has no exchange rate. */
export interface RefusedPrice {
  key: string
  currency: string
  effectiveFrom: Date
}

export interface RateBook<R> {
  rates: Map<string, R[]>
  refused: RefusedPrice[]
}

/** The end of time for the last price of a key (a finite instant both databases store). */
export const FOREVER = new Date('9999-12-31T00:00:00Z')

export interface TokenCounts {
  /** all input tokens, cached ones included (OpenAI usage semantics) */
  input: number
  output: number
  /** the part of input served from the prefix cache */
  cached: number
}

function intervals<P extends { effectiveFrom: Date; currency: string }, R>(
  rows: readonly P[],
  keyOf: (p: P) => string,
  basis: PricingBasis,
  convert: (p: P, rate: number, from: Date, to: Date) => R,
): RateBook<R> {
  const byKey = new Map<string, P[]>()
  for (const r of rows) byKey.set(keyOf(r), [...(byKey.get(keyOf(r)) ?? []), r])
  const rates = new Map<string, R[]>()
  const refused: RefusedPrice[] = []
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())
    const out: R[] = []
    list.forEach((p, i) => {
      const to = list[i + 1]?.effectiveFrom ?? FOREVER
      const rate = rateOf(basis, p.currency)
      // No rate: the price's hours stay unpriced; an older price in another currency never stands in.
      if (rate === null) refused.push({ key, currency: p.currency, effectiveFrom: p.effectiveFrom })
      else out.push(convert(p, rate, p.effectiveFrom, to))
    })
    rates.set(key, out)
  }
  return { rates, refused }
}

export function tokenRateBook<P extends TokenPriceRow & { model: string }>(
  rows: readonly P[],
  basis: PricingBasis,
): RateBook<TokenRate> {
  return intervals(
    rows,
    (p) => p.model,
    basis,
    (p, rate, from, to) => ({
      from,
      to,
      input: micros(p.inputMicrosPerM) * rate,
      output: micros(p.outputMicrosPerM) * rate,
      cached: micros(p.cachedMicrosPerM) * rate,
    }),
  )
}

export function gpuRateBook<P extends GpuPriceRow & { product: string }>(
  rows: readonly P[],
  basis: PricingBasis,
): RateBook<GpuRate> {
  return intervals(
    rows,
    (p) => p.product,
    basis,
    (p, rate, from, to) => ({
      from,
      to,
      perHour: micros(p.microsPerHour) * rate,
    }),
  )
}

/** The rate in effect for the hour starting at `hour`: from ≤ hour < to, or null. */
export function rateAt<R extends { from: Date; to: Date }>(rates: readonly R[], hour: Date): R | null {
  const t = hour.getTime()
  return rates.find((r) => r.from.getTime() <= t && t < r.to.getTime()) ?? null
}

/** The rates that apply to some hour in [start, end). */
export function ratesWithin<R extends { from: Date; to: Date }>(
  rates: readonly R[],
  start: Date,
  end: Date,
): R[] {
  return rates.filter((r) => r.from.getTime() < end.getTime() && r.to.getTime() > start.getTime())
}

/** Half up to the micro-unit; amounts here are never negative. */
const roundMicro = (x: number): Micros => Math.floor(x + 0.5)

/** One hour's token cost: uncached input at the input price, cached input at the cached price, output. */
export function tokenCostMicros(t: TokenCounts, r: Pick<TokenRate, 'input' | 'output' | 'cached'>): Micros {
  const input = Math.max(t.input, 0)
  const cached = Math.min(Math.max(t.cached, 0), input)
  return roundMicro(
    ((input - cached) * r.input + cached * r.cached + Math.max(t.output, 0) * r.output) / 1000000,
  )
}

/** One hour's GPU cost and the part of it no work used. */
export function gpuCostMicros(gpuHours: number, busyHours: number, r: Pick<GpuRate, 'perHour'>) {
  const h = Math.max(gpuHours, 0)
  return {
    cost: roundMicro(h * r.perHour),
    idleCost: roundMicro(Math.max(h - Math.min(busyHours, h), 0) * r.perHour),
  }
}

/** Blended cost per 1M tokens (micro-units), or null without tokens. */
export function costPerMillion(cost: Micros, tokens: number): Micros | null {
  return tokens > 0 ? Math.round((cost / tokens) * 1e6) : null
}
