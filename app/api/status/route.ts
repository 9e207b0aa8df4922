import { NextResponse } from 'next/server'
import { canView } from '@/lib/auth/permissions'
import { DB_DOWN, databaseDown, userOrDown } from '@/lib/fleet/http'
import { sourceStatuses } from '@/lib/health/sources'

export const dynamic = 'force-dynamic'

/** Data age of each source, polled by the shell. */
export async function GET() {
  const user = await userOrDown()
  if (user === DB_DOWN) return databaseDown()
  if (!canView(user)) return NextResponse.json({ error: 'Sign in to see this.' }, { status: 401 })
  return NextResponse.json({ sources: await sourceStatuses() }, { headers: { 'Cache-Control': 'no-store' } })
}
