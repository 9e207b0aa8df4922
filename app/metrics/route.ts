import { sourceStatuses } from '@/lib/health/sources'
import { metrics } from '@/lib/observability/metrics'

export const dynamic = 'force-dynamic'

/** Prometheus exposition of the console's own health (no user data). */
export async function GET() {
  const m = metrics()
  for (const s of await sourceStatuses()) {
    if (!s.configured) continue
    m.sourceUp.set({ source: s.source }, s.ok ? 1 : 0)
    if (s.lastOkAt) m.sourceAge.set({ source: s.source }, (Date.now() - Date.parse(s.lastOkAt)) / 1000)
  }
  return new Response(await m.registry.metrics(), { headers: { 'Content-Type': m.registry.contentType } })
}
