import 'server-only'
import { migrate } from '@/lib/db/migrate'
import { log } from '@/lib/observability/log'
import { beginDrain } from '@/lib/process/drain'
import { DEFAULT_BOUND_SECONDS, ownOrigin, runWarmup, skipWarmup } from '@/lib/process/warmup'

/**
 * Start-up: apply pending migrations (safe with several replicas: an advisory lock on PostgreSQL,
 * a transaction per file), start the cost roll-up job, install the drain handler for SIGTERM, and
 * start warming the routes (/readyz waits for it).
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
  startWarmup()
}

/**
 * Warm before ready (lib/process/warmup.ts): production servers only — `next dev` compiles
 * each page on its first request, so warming every page there would cost minutes for nothing.
 * Not awaited: Next serves nothing until register() returns, and the warm-up is requests to it.
 */
function startWarmup(): void {
  const bound = Number(process.env.AIRE_WARMUP_SECONDS ?? DEFAULT_BOUND_SECONDS)
  if (process.env.NODE_ENV !== 'production') return skipWarmup('not a production server')
  if (!Number.isFinite(bound) || bound <= 0) return skipWarmup('AIRE_WARMUP_SECONDS=0')
  void runWarmup({ origin: ownOrigin(), boundSeconds: Math.min(bound, 600) })
}
