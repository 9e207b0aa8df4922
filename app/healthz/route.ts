export const dynamic = 'force-dynamic'

/** Liveness: the process answers. Dependencies are /readyz's business. */
export function GET() {
  return new Response('ok\n', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } })
}
