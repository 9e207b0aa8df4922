/**
 * A signed-in HTTP client for the console without a browser: next-auth's CSRF round-trip, then
 * the local-account callback; the session cookie it gets works on any replica (same secret).
 * Used by the fault tests and bench/load-fault.ts.
 */

export interface Session {
  cookie: string
  username: string
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!)
}

function merge(...lists: string[][]): string {
  const jar = new Map<string, string>()
  for (const c of lists.flat()) {
    const i = c.indexOf('=')
    jar.set(c.slice(0, i), c.slice(i + 1))
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<Session> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`)
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const csrfCookies = cookiesOf(csrfRes)
  const res = await fetch(`${baseUrl}/api/auth/callback/local`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: merge(csrfCookies),
      origin: baseUrl,
    },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: baseUrl, json: 'true' }),
  })
  const cookie = merge(csrfCookies, cookiesOf(res))
  if (!/session-token=/.test(cookie)) throw new Error(`sign-in of ${username} failed: HTTP ${res.status}`)
  return { cookie, username }
}

/** next-auth's sign-out (CSRF token, then POST /api/auth/signout), as the console's button does it. */
export async function signOut(baseUrl: string, s: Session): Promise<void> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: { cookie: s.cookie } })
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string }
  const res = await fetch(`${baseUrl}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: merge(s.cookie.split('; '), cookiesOf(csrfRes)),
      origin: baseUrl,
    },
    body: new URLSearchParams({ csrfToken, callbackUrl: '/login', json: 'true' }),
  })
  if (res.status >= 400) throw new Error(`sign-out of ${s.username} failed: HTTP ${res.status}`)
}

export const DEMO_USERS = {
  admin: { username: 'admin', password: 'admin-demo-pw' },
  operator: { username: 'olivia', password: 'olivia-demo-pw' },
  viewer: { username: 'victor', password: 'victor-demo-pw' },
} as const

/** The durations in a Server-Timing header (the server's own time, by part), if it sent one. */
function serverTiming(res: Response): Record<string, number> | undefined {
  const h = res.headers.get('server-timing')
  if (!h) return undefined
  return Object.fromEntries([...h.matchAll(/([\w-]+);dur=([\d.]+)/g)].map((m) => [m[1]!, Number(m[2])]))
}

/** GET with the session; returns status, body and time taken. */
export async function get(
  baseUrl: string,
  path: string,
  s: Session | null,
  timeoutMs = 30_000,
): Promise<{ status: number; body: string; ms: number; server?: Record<string, number> }> {
  const t0 = performance.now()
  const once = () =>
    fetch(`${baseUrl}${path}`, {
      headers: s ? { cookie: s.cookie } : {},
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    })
  try {
    let res: Response
    try {
      res = await once()
    } catch (e) {
      // A kept-alive connection the server closed while idle: browsers retry an idempotent
      // request once on a new connection, and so do we (a dead server refuses the retry).
      if (!(e instanceof Error && e.cause instanceof Error && /other side closed/.test(e.cause.message)))
        throw e
      res = await once()
    }
    const body = await res.text()
    return { status: res.status, body, ms: performance.now() - t0, server: serverTiming(res) }
  } catch (e) {
    // a connection cut by a dying replica counts as a failed request (status 0)
    const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : ''
    return {
      status: 0,
      body: `${e instanceof Error ? e.message : String(e)}${cause}`,
      ms: performance.now() - t0,
    }
  }
}
