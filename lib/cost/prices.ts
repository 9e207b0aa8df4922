/**
 * Prices with effective dates and the cost of usage at them. Pure.
 * A price applies from its effectiveFrom (00:00 UTC) until the next price of the same model or
 * product, so adding a price never changes the cost of days before it.
 */

export interface TokenPrice {
  effectiveFrom: Date
  inputPerM: number
  outputPerM: number
  cachedPerM: number
}

export interface GpuHourPrice {
  effectiveFrom: Date
  perHour: number
}

export interface TokenCounts {
  /** all input tokens, cached ones included (OpenAI usage semantics) */
  input: number
  output: number
  /** the part of input served from the prefix cache */
  cached: number
}

/** The price in effect at `at`: the latest with effectiveFrom ≤ at, or null. */
export function priceAt<P extends { effectiveFrom: Date }>(prices: readonly P[], at: Date): P | null {
  let best: P | null = null
  for (const p of prices) {
    if (p.effectiveFrom.getTime() > at.getTime()) continue
    if (!best || p.effectiveFrom.getTime() > best.effectiveFrom.getTime()) best = p
  }
  return best
}

/** Cost of tokens: uncached input at the input price, cached input at the cached price, output. */
export function tokenCost(
  t: TokenCounts,
  p: Pick<TokenPrice, 'inputPerM' | 'outputPerM' | 'cachedPerM'>,
): number {
  const cached = Math.min(Math.max(0, t.cached), Math.max(0, t.input))
  const uncached = Math.max(0, t.input) - cached
  return (uncached * p.inputPerM + cached * p.cachedPerM + Math.max(0, t.output) * p.outputPerM) / 1e6
}

export function gpuCost(gpuHours: number, busyHours: number, p: Pick<GpuHourPrice, 'perHour'>) {
  const cost = Math.max(0, gpuHours) * p.perHour
  const idle = Math.max(0, gpuHours - Math.min(busyHours, gpuHours)) * p.perHour
  return { cost, idleCost: idle }
}

/** Blended price per 1M tokens actually paid, or null without tokens. */
export function costPerMillion(cost: number, tokens: number): number | null {
  return tokens > 0 ? (cost / tokens) * 1e6 : null
}

/** Groups price rows by key (model or product), each list sorted by effectiveFrom. */
export function priceBook<P extends { effectiveFrom: Date }>(
  rows: readonly P[],
  key: (p: P) => string,
): Map<string, P[]> {
  const m = new Map<string, P[]>()
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r])
  for (const list of m.values()) list.sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime())
  return m
}
