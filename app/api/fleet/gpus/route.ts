import type { NextRequest } from 'next/server'
import { fleetGet } from '@/lib/fleet/http'
import { parseGpuQuery } from '@/lib/validations/gpu-query'
import { gpuView } from '@/lib/fleet/read-fleet'

export const dynamic = 'force-dynamic'

/** GPU nodes filtered and sorted as the URL says, with the summary of the cluster in scope. */
export async function GET(req: NextRequest) {
  return fleetGet(() => gpuView(parseGpuQuery(req.nextUrl.searchParams)))
}
