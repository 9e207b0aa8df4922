import 'server-only'
import { NextResponse } from 'next/server'
import { currentUser, sessionIdOfThisRequest } from '@/lib/auth/current-user'
import { canView } from '@/lib/auth/permissions'
import { log } from '@/lib/observability/log'

const NO_STORE = { 'Cache-Control': 'no-store' }
export const DB_DOWN = Symbol('database down')

/** The session cannot be checked: a retryable 503 with a sentence, not a 500. */
export function databaseDown(): NextResponse {
  return NextResponse.json(
    { error: 'The console cannot reach its database right now. Try again in a few seconds.' },
    { status: 503, headers: { ...NO_STORE, 'Retry-After': '5' } },
  )
}

/** The request's user; DB_DOWN when the session store does not answer. */
export function userOrDown(): Promise<Awaited<ReturnType<typeof currentUser>> | typeof DB_DOWN> {
  return currentUser().catch((e: unknown) => {
    log.warn('session lookup failed', { error: e })
    return DB_DOWN
  })
}

/**
 * A fleet read endpoint: the session is re-checked here (middleware is not a security boundary),
 * 401 JSON without one; unexpected failures become one sentence, never a raw cluster body.
 */
export async function fleetGet(handler: () => Promise<unknown>): Promise<NextResponse> {
  const t0 = performance.now()
  // timed apart from the lookup; a failure here surfaces (and is handled) in userOrDown below
  await sessionIdOfThisRequest().catch(() => null)
  const tCookie = performance.now()
  const user = await userOrDown()
  if (user === DB_DOWN) return databaseDown()
  if (!canView(user))
    return NextResponse.json({ error: 'Sign in to see this.' }, { status: 401, headers: NO_STORE })
  const t1 = performance.now()
  try {
    const body = await handler()
    if (body === null) return NextResponse.json({ error: 'Not found.' }, { status: 404, headers: NO_STORE })
    // Server-Timing: the browser's network panel (and the load bench) tell server time from transit.
    const ms = (a: number, b: number) => (b - a).toFixed(1)
    const timing = `cookie;dur=${ms(t0, tCookie)}, session;dur=${ms(tCookie, t1)}, data;dur=${ms(t1, performance.now())}`
    return NextResponse.json(body, { headers: { ...NO_STORE, 'Server-Timing': timing } })
  } catch (e) {
    log.error('fleet read failed', { error: e })
    return NextResponse.json(
      { error: 'The fleet data could not be read. Try again.' },
      { status: 500, headers: NO_STORE },
    )
  }
}
