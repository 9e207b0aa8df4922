import 'server-only'
import { watchCache } from '@/lib/k8s/watch/cache'
import { instantQuery, prometheusUrl } from '@/lib/metrics/prometheus'
import { sharedAnswer } from '@/lib/metrics/shared-answer'
import { podPoolIndex } from './saturation-math'
import {
  SERVED_WINDOWS,
  routesPerBackend,
  servedRules,
  type RuleInput,
  type ServedRule,
  parsePoolTokens,
  parseRequests,
  servedRequestsQuery,
  servedTokensQuery,
  type ServedCounts,
} from './served-share-math'

/**
 * What each backend served, shared by every request like the saturation view (saturation.ts): six
 * queries at most every 15 s, a recent answer served at once while the next is fetched.
 */
const QUERY_TIMEOUT_MS = 3_000

export type ServedView =
  | { status: 'ok'; at: string; counts: ServedCounts }
  | { status: 'unconfigured' | 'unavailable'; at: null; counts: null }

const latest = sharedAnswer<ServedView>({
  key: 'aireServed',
  refreshMs: 15_000,
  maxAgeMs: 90_000,
  what: 'served traffic shares',
  fetch: async (at) => {
    const podPools = podPoolIndex(watchCache().fleet())
    const [requests, tokens] = await Promise.all([
      Promise.all(SERVED_WINDOWS.map((w) => instantQuery(servedRequestsQuery(w), at, QUERY_TIMEOUT_MS))),
      Promise.all(SERVED_WINDOWS.map((w) => instantQuery(servedTokensQuery(w), at, QUERY_TIMEOUT_MS))),
    ])
    const byWindow = <T>(f: (i: number) => T) =>
      Object.fromEntries(SERVED_WINDOWS.map((w, i) => [w, f(i)])) as Record<
        (typeof SERVED_WINDOWS)[number],
        T
      >
    const counts: ServedCounts = {
      requests: byWindow((i) => parseRequests(requests[i]!)),
      tokens: byWindow((i) => parsePoolTokens(tokens[i]!, podPools)),
    }
    return { status: 'ok', at: at.toISOString(), counts }
  },
})

/** The latest served counts; waits for Prometheus only when nothing recent is known; never throws. */
export async function servedView(): Promise<ServedView> {
  if (!prometheusUrl()) return { status: 'unconfigured', at: null, counts: null }
  return (await latest()) ?? { status: 'unavailable', at: null, counts: null }
}

/** Served shares of each row's rules ("cluster/namespace/name" → one entry per rule). */
export async function servedSharesOf(
  rows: readonly {
    key: string
    cluster: string
    namespace: string
    name: string
    rules: readonly RuleInput[]
  }[],
): Promise<{ status: ServedView['status']; byRoute: Map<string, ServedRule[]> }> {
  const view = await servedView()
  const byRoute = new Map<string, ServedRule[]>()
  if (view.status !== 'ok') return { status: view.status, byRoute }
  const perBackend = routesPerBackend(watchCache().fleet())
  for (const r of rows) byRoute.set(r.key, servedRules(r, view.counts, perBackend))
  return { status: view.status, byRoute }
}
