import 'server-only'
import { NextResponse } from 'next/server'
import { currentUser } from '@/lib/auth/current-user'
import { canView } from '@/lib/auth/permissions'
import { log } from '@/lib/observability/log'

const NO_STORE = { 'Cache-Control': 'no-store' }

/**
 * A fleet read endpoint: the session is re-checked here (middleware is not a security boundary),
 * 401 JSON without one; unexpected failures become one sentence, never a raw cluster body.
 */
export async function fleetGet(handler: () => Promise<unknown>): Promise<NextResponse> {
  const user = await currentUser()
  if (!canView(user))
    return NextResponse.json({ error: 'Sign in to see this.' }, { status: 401, headers: NO_STORE })
  try {
    const body = await handler()
    if (body === null) return NextResponse.json({ error: 'Not found.' }, { status: 404, headers: NO_STORE })
    return NextResponse.json(body, { headers: NO_STORE })
  } catch (e) {
    log.error('fleet read failed', { error: e })
    return NextResponse.json(
      { error: 'The fleet data could not be read. Try again.' },
      { status: 500, headers: NO_STORE },
    )
  }
}
