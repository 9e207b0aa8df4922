import { fleetGet } from '@/lib/fleet/http'
import { watchCache } from '@/lib/k8s/watch/cache'

export const dynamic = 'force-dynamic'

/** Staleness of every cluster × resource of the watch cache. */
export async function GET() {
  return fleetGet(async () => {
    const cache = watchCache()
    return { clusters: cache.clusterStatuses(), resources: cache.cacheStatus() }
  })
}
