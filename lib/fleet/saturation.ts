import 'server-only'
import { watchCache } from '@/lib/k8s/watch/cache'
import { instantQuery, prometheusUrl } from '@/lib/metrics/prometheus'
import { log } from '@/lib/observability/log'
import { SATURATION_QUERY, parseSaturation, podPoolIndex, type SaturationView } from './saturation-math'

/**
 * Saturation per InferencePool, shared by every request like the GPU utilisation
 * (utilisation.ts): one query at most every REFRESH_MS, a recent answer served at once while the
 * next is fetched, so the Models and Triage pages never wait on Prometheus once a value is known.
 */

const REFRESH_MS = 10_000
/** Older than this, an answer is not shown: "unavailable" beats a queue from long ago. */
const MAX_AGE_MS = 60_000
const QUERY_TIMEOUT_MS = 2_500

interface State {
  view: SaturationView | null
  atMs: number
  triedAt: number
  inflight: Promise<void> | null
}

const g = globalThis as unknown as { aireSaturation?: State }
const state: State = (g.aireSaturation ??= { view: null, atMs: 0, triedAt: 0, inflight: null })

async function fetchOnce(): Promise<void> {
  const at = Date.now()
  try {
    const samples = await instantQuery(SATURATION_QUERY, new Date(at), QUERY_TIMEOUT_MS)
    const cache = watchCache()
    const clusters = cache.clusterStatuses().map((c) => c.cluster)
    const pools = parseSaturation(samples, clusters, podPoolIndex(cache.fleet()))
    state.view = { status: 'ok', at: new Date(at).toISOString(), pools: Object.fromEntries(pools) }
    state.atMs = at
  } catch (e) {
    if (state.view) log.warn('pool saturation unavailable', { error: e })
    state.view = null
  } finally {
    state.triedAt = Date.now()
  }
}

function refresh(): Promise<void> {
  state.inflight ??= fetchOnce().finally(() => {
    state.inflight = null
  })
  return state.inflight
}

/**
 * The latest saturation of every pool. Waits for Prometheus (at most QUERY_TIMEOUT_MS) only when
 * nothing recent is known; never throws.
 */
export async function saturationView(): Promise<SaturationView> {
  if (!prometheusUrl()) return { status: 'unconfigured', at: null, pools: {} }
  const fresh = () => (state.view && Date.now() - state.atMs <= MAX_AGE_MS ? state.view : null)
  const due = Date.now() - state.triedAt >= REFRESH_MS
  if (!fresh() && due) await refresh()
  else if (due) void refresh()
  return fresh() ?? { status: 'unavailable', at: null, pools: {} }
}
