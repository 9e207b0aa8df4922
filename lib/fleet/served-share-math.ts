/**
 * The share of a rule's requests each backend actually served, beside the share its weight
 * configures. Requests come from the gateway's per-route, per-backend counter
 * (`aire_requests_total{route, pool}`, docs/QUALITY-METRICS.md); tokens from vLLM per pod, mapped
 * to its InferencePool through the watch cache. Pure: the queries, how answers become numbers, and
 * when a difference is worth a flag. Unit-tested.
 */
import type { InstantSample } from '@/lib/metrics/prometheus'
import { CLUSTER_LABEL, QUALITY, VLLM } from '@/lib/metrics/contract'

/** Shown: 5m and 1h. 2m decides a flag with 5m, so a weight change minutes ago is no mismatch. */
export const SERVED_WINDOWS = ['2m', '5m', '1h'] as const
export type ServedWindow = (typeof SERVED_WINDOWS)[number]

/** A served share this many percentage points from the configured one is flagged. */
export const MISMATCH_POINTS = 5
/** Below this many requests in 5 minutes a share is noise, never a flag. */
export const MIN_REQUESTS = 20

export function servedRequestsQuery(w: ServedWindow): string {
  return `sum by (${CLUSTER_LABEL}, namespace, route, pool) (increase(${QUALITY.requests}{pool!=""}[${w}]))`
}

/** Prompt plus generated tokens per pod (two sums: increase() drops the names, so one would clash). */
export function servedTokensQuery(w: ServedWindow): string {
  const per = (m: string) => `sum by (${CLUSTER_LABEL}, namespace, pod) (increase(${m}[${w}]))`
  return `${per(VLLM.promptTokens)} + ${per(VLLM.generationTokens)}`
}

/** Requests (or tokens) per backend name, keyed by "cluster/namespace/route". */
export type Counts = Map<string, Map<string, number>>

export function parseRequests(samples: readonly InstantSample[]): Counts {
  const out: Counts = new Map()
  for (const s of samples) {
    const m = s.metric
    if (!m[CLUSTER_LABEL] || !m.namespace || !m.route || !m.pool || !Number.isFinite(s.value)) continue
    const key = `${m[CLUSTER_LABEL]}/${m.namespace}/${m.route}`
    const per = out.get(key) ?? new Map<string, number>()
    per.set(m.pool, (per.get(m.pool) ?? 0) + s.value)
    out.set(key, per)
  }
  return out
}

/**
 * Tokens per pool ("cluster/namespace/pool"), from vLLM's per-pod counters and the watch cache's
 * pod → pool index. A pod of two pools counts for neither: its tokens cannot be split.
 */
export function parsePoolTokens(
  samples: readonly InstantSample[],
  podPools: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of samples) {
    const m = s.metric
    const pools = podPools.get(`${m[CLUSTER_LABEL]}/${m.namespace}/${m.pod}`)
    if (!pools || pools.length !== 1 || !Number.isFinite(s.value)) continue
    out.set(pools[0]!, (out.get(pools[0]!) ?? 0) + s.value)
  }
  return out
}

export interface ServedCounts {
  requests: Record<ServedWindow, Counts>
  /** per "cluster/namespace/pool" */
  tokens: Record<ServedWindow, Map<string, number>>
}

export interface ServedBackend {
  /** percent of the rule's requests this backend served; null without data */
  requests5m: number | null
  requests1h: number | null
  /** percent of the rule's tokens; null when a pool also serves another route (not separable) */
  tokens5m: number | null
  tokens1h: number | null
  /** served 5m and 2m both this far from the configured share, on enough requests */
  mismatch: boolean
}

export type ServedRule =
  | { status: 'ok'; requests5m: number; backends: ServedBackend[] }
  /** why no share is shown: no metric for the route, a backend in two rules, no traffic */
  | { status: 'none'; reason: string }

export interface RuleInput {
  /** InferencePool and Service backends by name; weight as configured */
  backends: { name: string; kind: string; weight: number }[]
}

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null)

/**
 * Served shares of every rule of one route. A backend named in two rules of the route cannot be
 * told apart per rule (the gateway counts per route): those rules say so instead.
 */
export function servedRules(
  route: { cluster: string; namespace: string; name: string; rules: readonly RuleInput[] },
  counts: ServedCounts,
  /** routes per "cluster/namespace/pool", to know whether a pool's tokens are this route's alone */
  poolRoutes: ReadonlyMap<string, number>,
): ServedRule[] {
  const key = `${route.cluster}/${route.namespace}/${route.name}`
  const per = (w: ServedWindow) => counts.requests[w].get(key)
  const names = route.rules.flatMap((r) => r.backends.map((b) => b.name))
  return route.rules.map((rule) => {
    if (!per('5m') && !per('1h'))
      return { status: 'none', reason: 'no gateway request metric for this route: configured weights only' }
    if (rule.backends.some((b) => names.filter((n) => n === b.name).length > 1))
      return {
        status: 'none',
        reason: 'a backend serves several rules of this route: counted per route only',
      }
    const weightSum = rule.backends.reduce((a, b) => a + Math.max(0, b.weight), 0)
    const share = (w: ServedWindow) => {
      const m = per(w)
      const got = rule.backends.map((b) => m?.get(b.name) ?? 0)
      const total = got.reduce((a, n) => a + n, 0)
      return { total, shares: got.map((n) => pct(n, total)) }
    }
    const s2 = share('2m')
    const s5 = share('5m')
    const s1h = share('1h')
    const tokens = (w: ServedWindow) => {
      const keys = rule.backends.map((b) => `${route.cluster}/${route.namespace}/${b.name}`)
      if (keys.some((k) => (poolRoutes.get(k) ?? 0) > 1)) return rule.backends.map(() => null)
      const got = keys.map((k) => counts.tokens[w].get(k) ?? 0)
      const total = got.reduce((a, n) => a + n, 0)
      return got.map((n) => pct(n, total))
    }
    const t5 = tokens('5m')
    const t1h = tokens('1h')
    const backends = rule.backends.map((b, i): ServedBackend => {
      const configured = weightSum > 0 ? (Math.max(0, b.weight) / weightSum) * 100 : 0
      const far = (v: number | null | undefined) => v != null && Math.abs(v - configured) > MISMATCH_POINTS
      return {
        requests5m: s5.shares[i] ?? null,
        requests1h: s1h.shares[i] ?? null,
        tokens5m: t5[i] ?? null,
        tokens1h: t1h[i] ?? null,
        mismatch: s5.total >= MIN_REQUESTS && far(s5.shares[i]) && far(s2.shares[i]),
      }
    })
    return { status: 'ok', requests5m: s5.total, backends }
  })
}

/** "configured 10%, serving 31%": the words of the flag. */
export function mismatchText(configured: number, served: number): string {
  const f = (n: number) => `${n.toFixed(n % 1 ? 1 : 0)}%`
  return `configured ${f(configured)}, serving ${f(Math.round(served * 10) / 10)}`
}

/** How many routes name each backend, keyed "cluster/namespace/backend" (the backend's namespace). */
export function routesPerBackend(
  clusters: readonly {
    name: string
    httproutes: Iterable<{
      namespace: string
      name: string
      rules: readonly { backendRefs: readonly { namespace: string; name: string }[] }[]
    }>
  }[],
): Map<string, number> {
  const seen = new Map<string, Set<string>>()
  for (const c of clusters)
    for (const r of c.httproutes)
      for (const rule of r.rules)
        for (const b of rule.backendRefs) {
          const k = `${c.name}/${b.namespace}/${b.name}`
          const routes = seen.get(k) ?? new Set<string>()
          routes.add(`${r.namespace}/${r.name}`)
          seen.set(k, routes)
        }
  return new Map([...seen].map(([k, v]) => [k, v.size]))
}
