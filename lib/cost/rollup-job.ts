import 'server-only'
import { log } from '@/lib/observability/log'
import { rollUp } from './rollup'

const INTERVAL_MS = 60_000
const g = globalThis as unknown as { aireCostJob?: { timer: NodeJS.Timeout | null; running: boolean } }

/**
 * Starts the cost roll-up in this process (once): every minute, and again right away while it is
 * catching up. Every replica runs it; the lease lets one work at a time. Set
 * AIRE_COST_ROLLUP=off to disable (e.g. on read-only replicas).
 */
export function ensureCostRollupJob(): void {
  if (g.aireCostJob || process.env.AIRE_COST_ROLLUP === 'off' || !process.env.PROMETHEUS_URL) return
  const state: { timer: NodeJS.Timeout | null; running: boolean } = { timer: null, running: false }
  g.aireCostJob = state
  const tick = async () => {
    if (state.running) return
    state.running = true
    let again = false
    try {
      const r = await rollUp()
      if (r.status === 'ok' && (r.hours > 0 || r.pending > 0)) {
        log.info('cost roll-up', { hours: r.hours, pending: r.pending, tokenRows: r.tokenRows, ms: r.ms })
      }
      again = r.status === 'ok' && r.pending > 0
    } catch (e) {
      log.error('cost roll-up crashed', { error: e })
    } finally {
      state.running = false
      state.timer = setTimeout(() => void tick(), again ? 1000 : INTERVAL_MS)
      state.timer.unref?.()
    }
  }
  state.timer = setTimeout(() => void tick(), 2000)
  state.timer.unref?.()
}
