import 'server-only'
import { watchCache } from '@/lib/k8s/watch/cache'
import { log } from '@/lib/observability/log'
import { instantQuery, prometheusUrl } from '@/lib/metrics/prometheus'
import {
  UTILISATION_QUERIES,
  fingerprint,
  parseUtilisation,
  type NodeUtilisation,
  type Sample,
  type UtilisationQuery,
} from './utilisation-math'

/**
 * GPU utilisation per node from Prometheus (dcgm-exporter's DCGM_FI_DEV_GPU_UTIL), shared by every
 * request like the watch cache: asked at most every REFRESH_MS, never on the request path once a
 * value is known (a stale value is served while the next one is fetched). Prometheus unset, down
 * or slow → null, and the pages show "—" instead of failing.
 */

const REFRESH_MS = 10_000
/** Beyond this age a value is no longer served: better "—" than a number from long ago. */
const MAX_AGE_MS = 60_000
const QUERY_TIMEOUT_MS = 2_500

export interface UtilisationSnapshot {
  /** Moves each time a value a user could see changes (whole percent or the idle flag). */
  generation: number
  at: number
  nodes: ReadonlyMap<string, NodeUtilisation>
}

interface State {
  snapshot: UtilisationSnapshot | null
  /** When the last attempt finished, successful or not. */
  triedAt: number
  inflight: Promise<void> | null
  generation: number
  fingerprint: string
}

const g = globalThis as unknown as { aireUtilisation?: State }
const state: State = (g.aireUtilisation ??= {
  snapshot: null,
  triedAt: 0,
  inflight: null,
  generation: 0,
  fingerprint: '',
})

async function fetchOnce(): Promise<void> {
  const at = Date.now()
  try {
    const keys = Object.keys(UTILISATION_QUERIES) as UtilisationQuery[]
    const answers = await Promise.all(
      keys.map((k) => instantQuery(UTILISATION_QUERIES[k], new Date(at), QUERY_TIMEOUT_MS)),
    )
    const byQuery = Object.fromEntries(keys.map((k, i) => [k, answers[i]!])) as Record<
      UtilisationQuery,
      Sample[]
    >
    const clusters = watchCache()
      .clusterStatuses()
      .map((c) => c.cluster)
    const nodes = parseUtilisation(byQuery, clusters)
    const fp = fingerprint(nodes)
    if (fp !== state.fingerprint || !state.snapshot) {
      state.fingerprint = fp
      state.generation++
    }
    state.snapshot = { generation: state.generation, at, nodes }
  } catch (e) {
    if (state.snapshot) {
      log.warn('GPU utilisation unavailable', { error: e })
      state.snapshot = null
      state.fingerprint = ''
      state.generation++
    }
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

function usable(s: UtilisationSnapshot | null): UtilisationSnapshot | null {
  return s && Date.now() - s.at <= MAX_AGE_MS ? s : null
}

/**
 * The latest utilisation. Waits for Prometheus (at most QUERY_TIMEOUT_MS) only when nothing recent
 * is known; otherwise answers at once and refreshes in the background when due.
 */
export async function utilisationSnapshot(): Promise<UtilisationSnapshot | null> {
  if (!prometheusUrl()) return null
  const due = Date.now() - state.triedAt >= REFRESH_MS
  if (!usable(state.snapshot) && due) await refresh()
  else if (due) void refresh()
  return usable(state.snapshot)
}

/**
 * The generation of the utilisation pages show, without waiting: the live version endpoint adds it
 * to the GPUs version so open pages refetch when utilisation moves. Starts a refresh when due.
 */
export function utilisationGeneration(): number {
  if (prometheusUrl() && Date.now() - state.triedAt >= REFRESH_MS) void refresh()
  return state.generation
}

/**
 * Utilisation of each node's allocated GPUs over the idle window (0..1, keyed "cluster/node"):
 * the held GPUs' mean with dcgm-exporter's pod mapping, else the node's busiest GPU. Compared with
 * IDLE_UTILISATION it gives the same "idle" as the GPUs page's flag. Null when unknown.
 */
export async function nodeUtilisation(): Promise<ReadonlyMap<string, number> | null> {
  const s = await utilisationSnapshot()
  if (!s) return null
  const out = new Map<string, number>()
  for (const [k, u] of s.nodes) out.set(k, u.held ?? u.peak ?? u.now)
  return out
}
