import 'server-only'
import { migrate } from '@/lib/db/migrate'
import { log } from '@/lib/observability/log'
import { beginDrain } from '@/lib/lifecycle/drain'

/**
 * Start-up: apply pending migrations (safe with several replicas: an advisory lock on PostgreSQL,
 * a transaction per file), start the cost roll-up job, and install the drain handler for SIGTERM.
 */
export async function onStart(): Promise<void> {
  if (process.env.AIRE_MIGRATE_ON_START !== 'false') {
    const url = process.env.DATABASE_URL ?? 'file:./.aire/console.db'
    const r = await migrate(url)
    log.info('database ready', { applied: r.applied, alreadyApplied: r.skipped.length })
  }
  // The hourly cost roll-up runs in the console process (one replica at a time, by a lease).
  const { ensureCostRollupJob } = await import('@/lib/cost/rollup-job')
  ensureCostRollupJob()
  // SLO long windows (days of samples) are computed in the background, not on a visitor's request.
  const { startSloWarmer } = await import('@/lib/slo/warm')
  startSloWarmer()
  process.once('SIGTERM', () => beginDrain('SIGTERM'))
}
