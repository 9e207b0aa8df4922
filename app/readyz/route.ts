import { sourceStatuses } from '@/lib/health/sources'
import { draining } from '@/lib/process/drain'
import { warmupStatus } from '@/lib/process/warmup'

export const dynamic = 'force-dynamic'

/**
 * Readiness: the start-up warm-up must be over (done, or given up at its bound: see
 * lib/process/warmup.ts) and the database must answer; clusters and Prometheus are reported but
 * do not make the console unready, because it must keep serving last-known data when a cluster is
 * down.
 */
export async function GET() {
  if (draining())
    return new Response('draining: shutting down\n', {
      status: 503,
      headers: { 'Cache-Control': 'no-store' },
    })
  const warm = warmupStatus()
  if (!warm.ready)
    return new Response(`${warm.line}\n`, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  const sources = await sourceStatuses()
  const dbOk = sources.find((s) => s.source === 'database')?.ok ?? false
  const body = sources
    .filter((s) => s.configured)
    .map((s) => `${s.ok ? '[+]' : '[-]'}${s.source} ${s.ok ? 'ok' : `failed: ${s.error ?? 'unreachable'}`}`)
    .join('\n')
  return new Response(`${warm.line}\n${body}\n${dbOk ? 'readyz check passed' : 'readyz check failed'}\n`, {
    status: dbOk ? 200 : 503,
    headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' },
  })
}
