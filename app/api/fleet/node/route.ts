import type { NextRequest } from 'next/server'
import { fleetGet } from '@/lib/fleet/http'
import { nodeDetail } from '@/lib/fleet/read-fleet'

export const dynamic = 'force-dynamic'

/** One node for the drawer: its GPUs, MIG slices, DRA devices and the pods using them. */
export async function GET(req: NextRequest) {
  const cluster = req.nextUrl.searchParams.get('cluster') ?? ''
  const name = req.nextUrl.searchParams.get('name') ?? ''
  return fleetGet(async () =>
    cluster && name ? nodeDetail(cluster.slice(0, 253), name.slice(0, 253)) : null,
  )
}
