import { fleetGet } from '@/lib/fleet/http'
import { watchCache } from '@/lib/k8s/watch/cache'

export const dynamic = 'force-dynamic'

/** Polled every second by the fleet pages: cheap, and data is refetched only when a version moves. */
export async function GET() {
  return fleetGet(async () => {
    const cache = watchCache()
    return {
      version: cache.version,
      gpus: cache.scopeVersion('gpus'),
      models: cache.scopeVersion('models'),
      clusters: cache.clusterStatuses(),
    }
  })
}
