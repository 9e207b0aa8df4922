import { fleetGet } from '@/lib/fleet/http'
import { gpusVersion } from '@/lib/fleet/read-fleet'
import { watchCache } from '@/lib/k8s/watch/cache'

export const dynamic = 'force-dynamic'

/** Polled every second by the fleet pages: cheap, and data is refetched only when a version moves. */
export async function GET() {
  return fleetGet(async () => {
    const cache = watchCache()
    return {
      version: cache.version,
      // Includes the utilisation generation: open GPU pages refetch when utilisation moves.
      gpus: gpusVersion(cache),
      models: cache.scopeVersion('models'),
      clusters: cache.clusterStatuses(),
    }
  })
}
