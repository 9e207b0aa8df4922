import 'server-only'
import { log } from '@/lib/observability/log'
import { refreshLongWindows } from './evaluate'
import { listSlos } from './store'

/** A little under the long windows' 5-minute freshness, so a visitor never finds them stale. */
const EVERY_MS = 240_000
const FIRST_AFTER_MS = 2_000

const g = globalThis as unknown as { aireSloWarmer?: NodeJS.Timeout }

async function warm(): Promise<void> {
  if (!process.env.PROMETHEUS_URL) return
  try {
    await refreshLongWindows(await listSlos())
  } catch (e) {
    log.warn('slo warm-up failed', { error: e })
  }
}

/**
 * Keeps the SLOs' long-window ratios (1d, 3d and the 28/30-day window: the queries that read days
 * of samples) computed in the background from server start, so the SLOs page, the Overview and
 * triage only wait for the short windows. Costs one evaluation every 4 minutes per replica.
 */
export function startSloWarmer(): void {
  if (g.aireSloWarmer) return
  const first = setTimeout(() => void warm(), FIRST_AFTER_MS)
  first.unref()
  g.aireSloWarmer = setInterval(() => void warm(), EVERY_MS)
  g.aireSloWarmer.unref()
}
