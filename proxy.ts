import { randomUUID } from 'node:crypto'
import { NextResponse, type NextRequest } from 'next/server'
import { recordAudit } from '@/lib/audit/record-audit'
import { originAllowed } from '@/lib/security/origin'

// Not a security boundary (CVE-2025-29927): every action and handler re-checks the session.
// This adds per-request CSP nonces and security headers, and drops identity headers a browser
// might send, so nothing downstream can ever mistake them for the console's own.
const STRIPPED_REQUEST_HEADERS = /^(impersonate-|x-remote-user|x-remote-group|x-forwarded-user)/i

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    // React renders style attributes (bars, widths); they cannot execute code.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * A server action from another origin is refused here, before Next's own check would answer it
 * with a bare 500, so the caller gets a clear 403 and the attempt lands in the audit trail.
 */
async function refuseForeignAction(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host')
  if (originAllowed(request.headers.get('origin'), host)) return null
  const reason = `Refused a server action from origin ${JSON.stringify(request.headers.get('origin'))}: writes must come from the console's own pages.`
  await recordAudit({
    actor: 'unverified',
    actorRole: 'none',
    action: `server-action:${request.nextUrl.pathname}`,
    result: 'refused',
    requestId: randomUUID(),
    reason,
  })
  return NextResponse.json({ ok: false, code: 'bad_origin', message: reason }, { status: 403 })
}

export async function proxy(request: NextRequest) {
  const refused = await refuseForeignAction(request)
  if (refused) return refused
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64')
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development')
  const headers = new Headers()
  request.headers.forEach((value, key) => {
    if (!STRIPPED_REQUEST_HEADERS.test(key)) headers.set(key, value)
  })
  headers.set('x-nonce', nonce)
  headers.set('Content-Security-Policy', csp)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set('Content-Security-Policy', csp)
  response.headers.set('X-Frame-Options', 'DENY')
  response.headers.set('X-Content-Type-Options', 'nosniff')
  response.headers.set('Referrer-Policy', 'same-origin')
  response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
  response.headers.set('Cross-Origin-Opener-Policy', 'same-origin')
  return response
}

// Probes and the metrics scrape need none of this and come every second or so from kubelet and
// load balancers: they skip the middleware.
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|healthz|readyz|metrics).*)' }],
}
