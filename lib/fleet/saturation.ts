import 'server-only'
import { watchCache } from '@/lib/k8s/watch/cache'
import { instantQuery, prometheusUrl } from '@/lib/metrics/prometheus'
import { sharedAnswer } from '@/lib/metrics/shared-answer'
import { SATURATION_QUERY, parseSaturation, podPoolIndex, type SaturationView } from './saturation-math'

/**
 * Saturation per InferencePool, shared by every request like the GPU utilisation
 * (utilisation.ts): one query at most every 10 s, a recent answer served at once while the next
 * is fetched, so the Models and Triage pages never wait on Prometheus once a value is known.
 */
const QUERY_TIMEOUT_MS = 2_500

const latest = sharedAnswer<SaturationView>({
  key: 'aireSaturation',
  refreshMs: 10_000,
  // Older than this, an answer is not shown: "unavailable" beats a queue from long ago.
  maxAgeMs: 60_000,
  what: 'pool saturation',
  fetch: async (at) => {
    const samples = await instantQuery(SATURATION_QUERY, at, QUERY_TIMEOUT_MS)
    const cache = watchCache()
    const clusters = cache.clusterStatuses().map((c) => c.cluster)
    const pools = parseSaturation(samples, clusters, podPoolIndex(cache.fleet()))
    return { status: 'ok', at: at.toISOString(), pools: Object.fromEntries(pools) }
  },
})

/**
 * The latest saturation of every pool. Waits for Prometheus (at most QUERY_TIMEOUT_MS) only when
 * nothing recent is known; never throws.
 */
export async function saturationView(): Promise<SaturationView> {
  if (!prometheusUrl()) return { status: 'unconfigured', at: null, pools: {} }
  return (await latest()) ?? { status: 'unavailable', at: null, pools: {} }
}
