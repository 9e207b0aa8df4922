import 'server-only'
import { db } from '@/lib/db/client'

const HOUR_MS = 3_600_000

export interface TokenPeak {
  /** Most tokens (input + output) the team used in one clock hour on that cluster. */
  tokens: number
  /** Start of that hour. */
  hour: Date
}

/**
 * Each team's busiest hour per cluster over the last `hours` hours, from the usage ledger — the
 * same unit as the gateway's per-hour token limit, so the Teams page can set one against the other.
 * Cached input is part of input, so it is not added again. Keyed team → cluster.
 */
export async function tokenPeaks(now = new Date(), hours = 24): Promise<Map<string, Map<string, TokenPeak>>> {
  const since = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - hours * HOUR_MS)
  const rows = await db().tokenUsageHour.groupBy({
    by: ['team', 'cluster', 'hour'],
    where: { hour: { gte: since }, tokenType: { in: ['input', 'output'] }, team: { not: '' } },
    _sum: { tokens: true },
  })
  const out = new Map<string, Map<string, TokenPeak>>()
  for (const r of rows) {
    const tokens = r._sum.tokens ?? 0
    const byCluster = out.get(r.team) ?? new Map<string, TokenPeak>()
    out.set(r.team, byCluster)
    const best = byCluster.get(r.cluster)
    if (!best || tokens > best.tokens) byCluster.set(r.cluster, { tokens, hour: r.hour })
  }
  return out
}
