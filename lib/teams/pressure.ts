/** How close a team is to its limits, to sort the Teams page most constrained first. Pure. */
import { parseQuantity } from '@/lib/k8s/quantity'
import type { TokenPeak } from './token-peaks'

export interface QuotaLike {
  cluster: string
  namespaces: { gpu: { used: string | null; hard: string | null } }[]
  tokens: { tokensPerHour: number | null }
}

/** GPU quota used as a share of hard, 0..100; a namespace using GPUs under a zero quota is full. */
export function usedPercent(used: string | null, hard: string | null): number {
  const u = parseQuantity(used ?? '0') ?? 0
  const h = parseQuantity(hard ?? '0') ?? 0
  return h > 0 ? Math.min(100, (u / h) * 100) : u > 0 ? 100 : 0
}

/** The busiest hour of the last day against the hourly token limit, worst cluster, in percent. */
export function tokenPercent(
  quotas: readonly QuotaLike[],
  peaks: ReadonlyMap<string, TokenPeak> | undefined,
): number {
  let worst = 0
  for (const c of quotas) {
    const limit = c.tokens.tokensPerHour
    const peak = peaks?.get(c.cluster)?.tokens ?? 0
    if (limit !== null && limit > 0) worst = Math.max(worst, (peak / limit) * 100)
  }
  return worst
}

/**
 * The nearest limit among GPU quota, token limit and budget forecast, in percent of that limit
 * (can exceed 100 for a forecast over budget).
 */
export function teamPressure(
  quotas: readonly QuotaLike[],
  peaks: ReadonlyMap<string, TokenPeak> | undefined,
  budgetForecastPercent: number,
): number {
  const gpu = quotas.flatMap((c) => c.namespaces.map((n) => usedPercent(n.gpu.used, n.gpu.hard)))
  return Math.max(budgetForecastPercent, tokenPercent(quotas, peaks), ...gpu, 0)
}
