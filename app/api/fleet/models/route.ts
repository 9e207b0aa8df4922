import type { NextRequest } from 'next/server'
import { fleetGet } from '@/lib/fleet/http'
import { modelsView } from '@/lib/fleet/read-fleet'
import { parseModelQuery } from '@/lib/fleet/model-query'

export const dynamic = 'force-dynamic'

export async function GET(req: NextRequest) {
  return fleetGet(() => modelsView(parseModelQuery(req.nextUrl.searchParams)))
}
