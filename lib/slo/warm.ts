import 'server-only'
import { log } from '@/lib/observability/log'
import { refreshLongWindows } from './evaluate'
import { listSlos } from './store'

/** Under the medium windows' 60-s freshness; long windows are refreshed only when they are due. */
const EVERY_MS = 50_000
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
 * Keeps the SLOs' medium and long-window ratios (2h, 6h, 1d, 3d and the 28/30-day window: the
 * queries that read hours to days of samples) computed in the background from server start, so the
 * SLOs page, the Overview and triage only wait for the short windows (5m, 30m, 1h). Per replica:
 * the medium windows every 50 s, the long ones every 5 minutes (lib/slo/evaluate.ts).
 */
export function startSloWarmer(): void {
  if (g.aireSloWarmer) return
  const first = setTimeout(() => void warm(), FIRST_AFTER_MS)
  first.unref()
  g.aireSloWarmer = setInterval(() => void warm(), EVERY_MS)
  g.aireSloWarmer.unref()
}
