/**
 * Saturation per InferencePool: the one PromQL query the console asks (endpoint-picker gauges of
 * both name generations, and vLLM's own per pod), how the answer becomes per-pool numbers, and
 * when a pool counts as saturated. Pure: no I/O, unit-tested. Names: lib/metrics/contract.ts,
 * background: docs/SATURATION.md.
 */
import { CLUSTER_LABEL, EPP, EPP_LEGACY, VLLM } from '@/lib/metrics/contract'
import type { FleetCluster } from '@/lib/k8s/watch/types'
import type { ModelGroup } from './models'

/**
 * A pool is saturated when its endpoints average more than 5 waiting requests or more than 80 %
 * KV cache: the defaults of the endpoint picker's own utilization saturation detector
 * (llm-d-router v0.10, saturationdetector/utilization/config.go), so the console calls a pool
 * saturated when its EPP starts holding requests back.
 */
export const QUEUE_THRESHOLD = 5
export const KV_CACHE_THRESHOLD = 0.8

export type SaturationSource = 'llm-d' | 'inference_pool' | 'vllm'
/** no-endpoints: the EPP sees no ready endpoint (its averages then stop updating). */
export type SaturationState = 'saturated' | 'ok' | 'no-data' | 'no-endpoints'

export interface PoolSaturation {
  cluster: string
  namespace: string
  pool: string
  /** Mean waiting requests per endpoint. */
  queue: number | null
  /** Mean KV-cache utilisation per endpoint, 0..1. */
  kvCache: number | null
  /** Mean running requests per endpoint. */
  running: number | null
  readyPods: number | null
  /** Where the queue and KV cache came from (running may come from vLLM on older EPPs). */
  source: SaturationSource
  state: SaturationState
  /** Why: "queue 12 > 5", "KV cache not reported" … */
  reasons: string[]
}

/** What the pages get: null pools when Prometheus could not be asked. */
export interface SaturationView {
  status: 'ok' | 'unconfigured' | 'unavailable'
  /** ISO time of the answer. */
  at: string | null
  /** by "cluster/namespace/pool" */
  pools: Record<string, PoolSaturation>
}

const METRIC = 'aire_metric'
const SOURCE = 'aire_source'
const POOL_BY = `${CLUSTER_LABEL}, namespace, ${EPP.poolLabel}`
const POD_BY = `${CLUSTER_LABEL}, namespace, pod`

type EppField = 'queue' | 'kv' | 'running' | 'ready'
type VllmField = 'vllm_waiting' | 'vllm_running' | 'vllm_kv'

function tag(expr: string, labels: Record<string, string>): string {
  return Object.entries(labels).reduce((e, [k, v]) => `label_replace(${e}, "${k}", "${v}", "", "")`, expr)
}

/**
 * The current name, or else the older one: `or ignoring(source)` keeps an old-name series only
 * where no new-name series of the same pool exists (llm-d-router exports both; prefer the new).
 * max over the EPP's replicas, which all report the same pool.
 */
function eppPair(field: EppField, current: string, legacy: string): string {
  const side = (metric: string, source: SaturationSource) =>
    tag(`max by (${POOL_BY}) (${metric})`, { [METRIC]: field, [SOURCE]: source })
  return `(${side(current, 'llm-d')} or ignoring(${SOURCE}) ${side(legacy, 'inference_pool')})`
}

function vllmPods(field: VllmField, metric: string): string {
  return tag(`max by (${POD_BY}) (${metric})`, { [METRIC]: field })
}

/** All of it in one query, so a page costs one Prometheus round trip. */
export const SATURATION_QUERY = [
  eppPair('queue', EPP.queue, EPP_LEGACY.queue),
  eppPair('kv', EPP.kvCache, EPP_LEGACY.kvCache),
  eppPair('running', EPP.running, EPP_LEGACY.running),
  eppPair('ready', EPP.ready, EPP_LEGACY.ready),
  vllmPods('vllm_waiting', VLLM.waiting),
  vllmPods('vllm_running', VLLM.running),
  vllmPods('vllm_kv', VLLM.kvCache),
].join(' or ')

export interface Sample {
  metric: Record<string, string>
  value: number
}

function clusterOf(metric: Record<string, string>, clusters: readonly string[]): string | null {
  // Without a `cluster` label (one Prometheus per cluster) a series belongs to the only cluster.
  const c = metric[CLUSTER_LABEL] || (clusters.length === 1 ? clusters[0] : undefined)
  return c && clusters.includes(c) ? c : null
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector)
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v)
}

/**
 * Which pools each model-server pod serves ("cluster/namespace/pod" → pool keys), through its
 * owners: vLLM's series name the pod, not the pool, and pods in the cache carry no labels.
 */
export function podPoolIndex(clusters: readonly FleetCluster[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const c of clusters) {
    const pools = [...c.inferencepools]
    const rsOwner = new Map<string, string>()
    for (const rs of c.replicasets) {
      if (rs.owner?.kind === 'Deployment') rsOwner.set(`${rs.namespace}/${rs.name}`, rs.owner.name)
    }
    const deploymentPools = new Map<string, string[]>()
    for (const d of c.deployments) {
      const keys = pools
        .filter((p) => p.namespace === d.namespace && selects(p.selector, d.templateLabels))
        .map((p) => `${c.name}/${p.namespace}/${p.name}`)
      if (keys.length) deploymentPools.set(`${d.namespace}/${d.name}`, keys)
    }
    for (const pod of c.pods) {
      if (pod.owner?.kind !== 'ReplicaSet') continue
      const dep = rsOwner.get(`${pod.namespace}/${pod.owner.name}`)
      const keys = dep ? deploymentPools.get(`${pod.namespace}/${dep}`) : undefined
      if (keys) out.set(`${c.name}/${pod.namespace}/${pod.name}`, keys)
    }
  }
  return out
}

interface PoolParts {
  cluster: string
  namespace: string
  pool: string
  epp: { [K in EppField]?: { value: number; source: SaturationSource } }
  pods: Map<string, { [K in VllmField]?: number }>
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)

/** Per-pool saturation keyed "cluster/namespace/pool" from the answer to SATURATION_QUERY. */
export function parseSaturation(
  samples: readonly Sample[],
  clusters: readonly string[],
  podPools: ReadonlyMap<string, readonly string[]>,
): Map<string, PoolSaturation> {
  const parts = new Map<string, PoolParts>()
  const part = (cluster: string, namespace: string, pool: string) => {
    const key = `${cluster}/${namespace}/${pool}`
    let p = parts.get(key)
    if (!p) parts.set(key, (p = { cluster, namespace, pool, epp: {}, pods: new Map() }))
    return p
  }
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue
    const field = s.metric[METRIC]
    const cluster = clusterOf(s.metric, clusters)
    const ns = s.metric.namespace
    if (!cluster || !ns) continue
    if (field === 'queue' || field === 'kv' || field === 'running' || field === 'ready') {
      const name = s.metric[EPP.poolLabel]
      const source = s.metric[SOURCE]
      if (!name || (source !== 'llm-d' && source !== 'inference_pool')) continue
      const epp = part(cluster, ns, name).epp
      // The query already prefers llm_d_epp_*; keep that preference if an answer has both.
      if (epp[field]?.source !== 'llm-d') epp[field] = { value: s.value, source }
    } else if (field === 'vllm_waiting' || field === 'vllm_running' || field === 'vllm_kv') {
      const pod = s.metric.pod
      for (const key of (pod && podPools.get(`${cluster}/${ns}/${pod}`)) || []) {
        const [, pns, pool] = key.split('/') as [string, string, string]
        const p = part(cluster, pns, pool)
        const v = p.pods.get(pod!) ?? {}
        v[field] = s.value
        p.pods.set(pod!, v)
      }
    }
  }
  const out = new Map<string, PoolSaturation>()
  for (const [key, p] of parts) {
    const pods = [...p.pods.values()]
    const fromPods = (f: VllmField) => mean(pods.flatMap((v) => (v[f] === undefined ? [] : [v[f]])))
    const eppQueue = p.epp.queue ?? null
    const eppKv = p.epp.kv ?? null
    const source: SaturationSource = eppQueue?.source ?? eppKv?.source ?? 'vllm'
    const sat = {
      cluster: p.cluster,
      namespace: p.namespace,
      pool: p.pool,
      queue: eppQueue?.value ?? fromPods('vllm_waiting'),
      kvCache: eppKv?.value ?? fromPods('vllm_kv'),
      // The EPP's running mean is newer than its queue (GAIE v1.5, llm-d): else vLLM's.
      running: p.epp.running?.value ?? fromPods('vllm_running'),
      readyPods: p.epp.ready?.value ?? null,
      source,
    }
    out.set(key, { ...sat, ...classify(sat) })
  }
  return out
}

const pctText = (v: number) => `${Math.round(v * 100)}%`

/**
 * Saturated as soon as one known signal is over its threshold; "ok" only when both are known and
 * under (a missing signal is never read as fine).
 */
export function classify(
  s: Pick<PoolSaturation, 'queue' | 'kvCache' | 'readyPods'>,
): Pick<PoolSaturation, 'state' | 'reasons'> {
  if (s.readyPods === 0) return { state: 'no-endpoints', reasons: ['no ready endpoint'] }
  const over: string[] = []
  if (s.queue !== null && s.queue > QUEUE_THRESHOLD)
    over.push(`queue ${queueText(s.queue)} > ${QUEUE_THRESHOLD}`)
  if (s.kvCache !== null && s.kvCache > KV_CACHE_THRESHOLD)
    over.push(`KV cache ${pctText(s.kvCache)} > ${pctText(KV_CACHE_THRESHOLD)}`)
  if (over.length) return { state: 'saturated', reasons: over }
  const missing = [
    s.queue === null ? 'queue not reported' : null,
    s.kvCache === null ? 'KV cache not reported' : null,
  ].filter((x): x is string => x !== null)
  if (missing.length) return { state: 'no-data', reasons: missing }
  return { state: 'ok', reasons: [] }
}

export function queueText(v: number): string {
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10)
}

/** "queue 0.2 · KV cache 41% · 3 running" with "—" for what is unknown. */
export function saturationText(s: Pick<PoolSaturation, 'queue' | 'kvCache' | 'running'>): string {
  const q = s.queue === null ? '—' : queueText(s.queue)
  const kv = s.kvCache === null ? '—' : pctText(s.kvCache)
  const run = s.running === null ? '—' : queueText(s.running)
  return `queue ${q} · KV cache ${kv} · ${run} running`
}

/** The verdict beside the numbers: "not saturated", "saturated (queue 12 > 5)" … */
export function verdictText(s: Pick<PoolSaturation, 'state' | 'reasons'>): string {
  if (s.state === 'ok') return 'not saturated'
  if (s.state === 'saturated') return `saturated (${s.reasons.join(', ')})`
  if (s.state === 'no-endpoints') return 'no ready endpoint'
  return `no data (${s.reasons.join(', ')})`
}

export const SOURCE_TEXT: Record<SaturationSource, string> = {
  'llm-d': 'endpoint picker (llm_d_epp_*)',
  inference_pool: 'endpoint picker (inference_pool_*)',
  vllm: 'vLLM pods (no endpoint-picker metrics)',
}

export interface TargetPool {
  /** cluster/namespace/pool */
  key: string
  cluster: string
  version: string
  track: string | null
  sat: PoolSaturation | null
}

export interface TargetSaturation {
  status: SaturationView['status']
  at: string | null
  pools: TargetPool[]
  /** overloaded: a pool is saturated; not-overloaded: every pool known and under the thresholds */
  verdict: 'overloaded' | 'not-overloaded' | 'unknown'
}

/**
 * The pools serving a target (a model, one version, or the versions behind given routes) with
 * their saturation, and whether load explains a burn: one saturated pool does; "not overloaded"
 * needs every pool known.
 */
export function targetSaturation(
  groups: readonly ModelGroup[],
  target: {
    model: string | null
    version: string | null
    cluster: string | null
    routes?: readonly string[]
  },
  view: SaturationView,
): TargetSaturation {
  const pools: TargetPool[] = []
  const seen = new Set<string>()
  for (const g of groups) {
    if (!target.model || g.model !== target.model) continue
    for (const v of g.versions) {
      if (target.version && v.version !== target.version) continue
      if (target.cluster && v.cluster !== target.cluster) continue
      if (target.routes?.length && !v.traffic.some((t) => target.routes!.includes(t.route))) continue
      for (const p of v.pools) {
        const key = `${v.cluster}/${p}`
        if (seen.has(key)) continue
        seen.add(key)
        pools.push({
          key,
          cluster: v.cluster,
          version: v.version,
          track: v.track,
          sat: view.pools[key] ?? null,
        })
      }
    }
  }
  const states = pools.map((p) => p.sat?.state ?? 'no-data')
  const verdict = states.includes('saturated')
    ? 'overloaded'
    : states.length > 0 && view.status === 'ok' && states.every((s) => s === 'ok')
      ? 'not-overloaded'
      : 'unknown'
  return { status: view.status, at: view.at, pools, verdict }
}
