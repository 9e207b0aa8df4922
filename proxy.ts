import { NextResponse, type NextRequest } from 'next/server'
import { knownActionId } from '@/lib/security/action-ids'
import { originAllowed } from '@/lib/security/origin'
import { noteRefusal, requestSource, sourceLimited, TOO_MANY } from '@/lib/security/refusals'

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

const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  NextResponse.json({ ok: false, code, message }, { status, headers })

/**
 * Server actions refused before a session: a foreign origin (refused here, before Next's own check
 * would answer it with a bare 500), an action id this build does not have, and — once a source has
 * caused too many refusals this minute — any action call without a session cookie. Each is counted
 * in the refusal ledger (one audit row per source, kind and minute, plus a summary with the count),
 * never one row per request.
 */
async function refusePreSession(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null
  const source = requestSource(request.headers)
  const hasSession = request.cookies.getAll().some((c) => c.name.includes('next-auth.session-token'))
  const tooMany = (retryAfterSeconds: number) =>
    json(429, 'rate_limited', TOO_MANY, { 'Retry-After': String(retryAfterSeconds) })
  if (!hasSession && sourceLimited(source)) {
    const noted = noteRefusal(source, 'rate_limited', 'action calls without a session')
    await noted.written
    return tooMany(noted.retryAfterSeconds)
  }
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host')
  if (!originAllowed(request.headers.get('origin'), host)) {
    const reason = `Refused a server action from origin ${JSON.stringify(request.headers.get('origin')?.slice(0, 200) ?? null)}: writes must come from the console's own pages.`
    const noted = noteRefusal(source, 'bad_origin', reason)
    await noted.written
    return noted.limited ? tooMany(noted.retryAfterSeconds) : json(403, 'bad_origin', reason)
  }
  if (!knownActionId(request.headers.get('next-action') ?? '')) {
    const reason = 'Refused a call to a server action this console does not have.'
    const noted = noteRefusal(source, 'bad_action', reason)
    await noted.written
    return noted.limited ? tooMany(noted.retryAfterSeconds) : json(404, 'not_found', reason)
  }
  return null
}

export async function proxy(request: NextRequest) {
  const refused = await refusePreSession(request)
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
  matcher: [
    {
      source:
        '/((?!_next/static|_next/image|favicon.ico|icon.svg|logo.svg|robots.txt|healthz|readyz|metrics).*)',
    },
  ],
}
