import 'server-only'
import { ledgerStatus, teamSpend, type LedgerStatus, type TeamSpend } from './reports'
import { ensureCostRollupJob } from './rollup-job'

export type { TeamSpend, LedgerStatus }

/**
 * For the Overview and Teams pages: spend today, month-to-date, month-end forecast and budget
 * state per team, read from the ledger (so it works while Prometheus is down), plus the ledger's
 * freshness. Returns null when the database cannot be read.
 */
export async function costSummary(
  now = new Date(),
): Promise<{ teams: TeamSpend[]; status: LedgerStatus } | null> {
  ensureCostRollupJob()
  try {
    const [teams, status] = await Promise.all([teamSpend(now), ledgerStatus()])
    return { teams, status }
  } catch {
    return null
  }
}
