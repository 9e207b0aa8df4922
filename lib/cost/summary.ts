import 'server-only'
import { reportBasis } from './currency'
import { ledgerStatus, teamSpend, type LedgerStatus, type TeamSpend } from './reports'
import { ensureCostRollupJob } from './rollup-job'

export type { TeamSpend, LedgerStatus }

/**
 * For the Overview and Teams pages: spend today, month-to-date, month-end forecast and budget
 * state per team, read from the ledger (so it works while Prometheus is down), plus the ledger's
 * freshness, amounts in micro-units of `currency`. Returns null when the database cannot be read
 * or the currency settings are not valid (the Costs page says why).
 */
export async function costSummary(
  now = new Date(),
): Promise<{ teams: TeamSpend[]; status: LedgerStatus; currency: string } | null> {
  ensureCostRollupJob()
  try {
    const [teams, status] = await Promise.all([teamSpend(now), ledgerStatus()])
    return { teams, status, currency: reportBasis().currency }
  } catch {
    return null
  }
}
