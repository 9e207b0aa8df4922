import type { NextRequest } from 'next/server'
import { fleetGet } from '@/lib/fleet/http'
import { modelsPageView } from '@/lib/fleet/read-fleet'
import { parseModelQuery } from '@/lib/fleet/model-query'

export const dynamic = 'force-dynamic'

export async function GET(req: NextRequest) {
  return fleetGet(() => modelsPageView(parseModelQuery(req.nextUrl.searchParams)))
}
