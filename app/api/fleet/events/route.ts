import { NextResponse } from 'next/server'
import { canView } from '@/lib/auth/permissions'
import { DB_DOWN, databaseDown, userOrDown } from '@/lib/fleet/http'
import { versionStream } from '@/lib/fleet/version-stream'
import { log } from '@/lib/observability/log'

export const dynamic = 'force-dynamic'

/** Server-sent events: the fleet's versions now and at each change (see lib/fleet/version-stream). */
export async function GET() {
  const user = await userOrDown()
  if (user === DB_DOWN) return databaseDown()
  if (!canView(user)) return NextResponse.json({ error: 'Sign in to see this.' }, { status: 401 })
  let body: ReadableStream<Uint8Array>
  try {
    body = versionStream()
  } catch (e) {
    log.error('fleet event stream failed', { error: e })
    return NextResponse.json({ error: 'The fleet data could not be read. Try again.' }, { status: 500 })
  }
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: the response compressor must not buffer the stream
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  })
}
