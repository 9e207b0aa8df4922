/**
 * The simulator's state machine: per tick it turns the traffic model into counter increments
 * for the gateway, the model-server pods, the GPUs and the quality contract, and records the
 * same increments as ground truth. Metric names: ../../lib/metrics/contract.ts.
 */
import { DCGM, EPP, EPP_LEGACY, GATEWAY, QUALITY, VLLM } from '../../lib/metrics/contract'
import { gpuKey, tokenKey, type GroundTruth } from './ground-truth'
import { Registry } from './registry'
import type { ResolvedEvent } from './scenario'
import type { SimGpu, SimPod, SimRoute, Topology } from './topology'
import {
  logNormalCdf,
  modelProfile,
  noise,
  routeShares,
  routeTps,
  servedWeights,
  versionBehaviour,
  type ModelProfile,
} from './traffic'

export const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, Infinity]
export const E2E_BUCKETS = [1, 2.5, 5, 10, 20, 60, Infinity]
export const TOKEN_BUCKETS = [16, 64, 256, 1024, 4096, 16384, Infinity]
export const DURATION_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, Infinity]
const GUARDRAIL_CATEGORIES = [
  ['pii', 0.4],
  ['toxicity', 0.35],
  ['jailbreak', 0.25],
] as const
/** Share of requests the evaluator samples. */
const EVAL_SAMPLE = 0.1
const GATEWAY_NS = 'gateway-system'
/**
 * Which endpoint-picker generation each cluster runs: llm-d-router v0.10 exports the llm_d_epp_*
 * names and, still, the deprecated inference_pool_* ones; gpu-west plays an older Gateway API
 * Inference Extension (v1.4) with only inference_pool_* and no average running requests, so both
 * readings of docs/SATURATION.md are exercised.
 */
export const EPP_GENERATION: Record<string, 'llm-d' | 'inference_pool'> = { 'gpu-west': 'inference_pool' }
/** A pod's concurrent batch at full load (vLLM runs many sequences at once). */
const FULL_BATCH = 24
/**
 * Clients give up on queued requests after minutes: with this abandonment the backlog of an
 * overloaded pod settles at (arrivals − capacity) · τ instead of growing without bound, and drains
 * within minutes once the load falls.
 */
const ABANDON_S = 300

interface Hist {
  buckets: number[]
  sum: number
  count: number
}

interface PodSeries {
  pod: SimPod
  /** cluster/namespace/pod: the backlog survives topology changes under this key. */
  key: string
  prompt: number
  gen: number
  success: number
  running: number
  waiting: number
  kv: number
  ttft: Hist
  e2e: Hist
}

interface EppSeries {
  ready: number[]
  /** [current name, deprecated name] ids of each average; the deprecated one only when exported */
  queue: number[]
  kv: number[]
  running: number[]
}

interface BackendSeries {
  pool: string
  version: string
  weight: number
  pods: PodSeries[]
  epp: EppSeries
  codes: Record<'200' | '500' | '503', number>
  good: number
  bad: number
  flags: number[]
}

interface RouteSeries {
  route: SimRoute
  share: number
  /** per token type: the usage histogram and the ground-truth key */
  tokens: { type: 'input' | 'output' | 'cached_input'; hist: Hist; truth: string }[]
  duration: Hist
  backends: BackendSeries[]
  drained: number
}

export function migWeight(profile: string | null): number {
  if (!profile) return 1
  const slices = Number(/^(\d+)g\./.exec(profile)?.[1] ?? 7)
  return slices / 7
}

function gatewayPod(cluster: string): string {
  return `envoy-${cluster}-inference-gateway-7f9c6`
}

export class Sim {
  readonly reg = new Registry()
  private routes: RouteSeries[] = []
  private gpus: { util: number; gpu: SimGpu; weight: number; owner: string | null }[] = []
  private gatewaySeries = new Map<string, number[]>()
  /** Requests waiting per pod (cluster/namespace/pod), beyond what the pod can serve. */
  private backlog = new Map<string, number>()
  topology: Topology = { routes: [], pods: [], gpus: [] }

  constructor(
    private events: readonly ResolvedEvent[],
    private readonly truth: GroundTruth,
  ) {
    const r = this.reg
    r.family(VLLM.promptTokens.replace(/_total$/, ''), 'counter', 'Number of prefill tokens processed.')
    r.family(
      VLLM.generationTokens.replace(/_total$/, ''),
      'counter',
      'Number of generation tokens processed.',
    )
    r.family(
      VLLM.requestSuccess.replace(/_total$/, ''),
      'counter',
      'Count of successfully processed requests.',
    )
    r.family(VLLM.running, 'gauge', 'Number of requests currently running on GPU.')
    r.family(VLLM.waiting, 'gauge', 'Number of requests waiting to be processed.')
    r.family(VLLM.kvCache, 'gauge', 'KV-cache usage. 1 means 100 percent usage.')
    r.family(VLLM.ttft, 'histogram', 'Histogram of time to first token in seconds.')
    r.family(VLLM.e2e, 'histogram', 'Histogram of end to end request latency in seconds.')
    for (const m of [EPP, EPP_LEGACY]) {
      r.family(m.queue, 'gauge', 'The average number of requests pending in the model server queue.')
      r.family(m.kvCache, 'gauge', 'The average kv cache utilization for an inference server pool.')
      r.family(m.running, 'gauge', 'The average number of running requests across model servers in the pool.')
    }
    r.family(EPP.ready, 'gauge', 'The number of ready endpoints in the inference server pool.')
    r.family(EPP_LEGACY.ready, 'gauge', 'The number of ready pods in the inference server pool.')
    r.family(
      GATEWAY.tokenUsage,
      'histogram',
      'Number of tokens used per request (GenAI semantic conventions).',
    )
    r.family(GATEWAY.requestDuration, 'histogram', 'GenAI server request duration in seconds.')
    r.family(DCGM.gpuUtil, 'gauge', 'GPU utilization (in %).')
    r.family(QUALITY.evalOutcomes.replace(/_total$/, ''), 'counter', 'Evaluated responses by outcome.')
    r.family(QUALITY.guardrailFlags.replace(/_total$/, ''), 'counter', 'Responses flagged by a guardrail.')
    r.family(QUALITY.requests.replace(/_total$/, ''), 'counter', 'Requests by model version and status code.')
  }

  setEvents(events: readonly ResolvedEvent[]): void {
    this.events = events
  }

  private hist(family: string, labels: Record<string, string>, les: number[]): Hist {
    return {
      buckets: les.map((le) =>
        this.reg.id(family, `${family}_bucket`, { ...labels, le: Number.isFinite(le) ? String(le) : '+Inf' }),
      ),
      sum: this.reg.id(family, `${family}_sum`, labels),
      count: this.reg.id(family, `${family}_count`, labels),
    }
  }

  /** Applies a new topology: series of gone pods stop being exposed; new ones start at zero. */
  setTopology(topology: Topology): void {
    this.topology = topology
    const r = this.reg
    r.markAllDead()
    const shares = routeShares(topology.routes)
    const podsOf = new Map<string, SimPod[]>()
    for (const p of topology.pods) {
      const k = `${p.cluster}/${p.namespace}/${p.pool}`
      podsOf.set(k, [...(podsOf.get(k) ?? []), p])
    }
    this.gpus = []
    for (const g of topology.gpus) {
      const labels = {
        cluster: g.cluster,
        gpu: g.gpu,
        UUID: g.uuid,
        modelName: g.product,
        Hostname: g.node,
        GPU_I_PROFILE: g.migProfile,
        GPU_I_ID: g.migInstance,
        namespace: g.namespace,
        pod: g.pod,
      }
      const util = r.id(DCGM.gpuUtil, DCGM.gpuUtil, labels)
      const owner = g.pod && g.namespace ? `${g.cluster}/${g.namespace}/${g.pod}` : null
      this.gpus.push({ util, gpu: g, weight: migWeight(g.migProfile), owner })
    }
    this.gatewaySeries.clear()
    const gwIds = (cluster: string) => {
      let ids = this.gatewaySeries.get(cluster)
      if (!ids) this.gatewaySeries.set(cluster, (ids = []))
      return ids
    }
    this.routes = topology.routes.map((route) => {
      const routeName = `${route.namespace}/${route.name}`
      const prof = modelProfile(route.model)
      const gw = {
        cluster: route.cluster,
        namespace: GATEWAY_NS,
        pod: gatewayPod(route.cluster),
        gen_ai_operation_name: prof.operation,
        gen_ai_request_model: route.model,
        [GATEWAY.teamLabel]: route.team,
        [GATEWAY.routeLabel]: routeName,
      }
      const tokens = (['input', 'output', 'cached_input'] as const).map((type) => {
        const hist = this.hist(GATEWAY.tokenUsage, { ...gw, gen_ai_token_type: type }, TOKEN_BUCKETS)
        gwIds(route.cluster).push(...hist.buckets, hist.sum, hist.count)
        return { type, hist, truth: tokenKey(route.cluster, route.team, route.model, routeName, type) }
      })
      const duration = this.hist(GATEWAY.requestDuration, gw, DURATION_BUCKETS)
      gwIds(route.cluster).push(...duration.buckets, duration.sum, duration.count)
      const q = { cluster: route.cluster, namespace: route.namespace, team: route.team, route: route.name }
      const backends: BackendSeries[] = route.backends.map((b) => {
        const ql = { ...q, pool: b.pool, model: route.model, version: b.version }
        const pods = (podsOf.get(`${route.cluster}/${route.namespace}/${b.pool}`) ?? []).map((pod) => {
          const pl = { cluster: pod.cluster, namespace: pod.namespace, pod: pod.name, model_name: pod.model }
          return {
            pod,
            key: `${pod.cluster}/${pod.namespace}/${pod.name}`,
            prompt: r.id('vllm:prompt_tokens', VLLM.promptTokens, pl),
            gen: r.id('vllm:generation_tokens', VLLM.generationTokens, pl),
            success: r.id('vllm:request_success', VLLM.requestSuccess, { ...pl, finished_reason: 'stop' }),
            running: r.id(VLLM.running, VLLM.running, pl),
            waiting: r.id(VLLM.waiting, VLLM.waiting, pl),
            kv: r.id(VLLM.kvCache, VLLM.kvCache, pl),
            ttft: this.hist(VLLM.ttft, pl, TTFT_BUCKETS),
            e2e: this.hist(VLLM.e2e, pl, E2E_BUCKETS),
          }
        })
        return {
          pool: b.pool,
          version: b.version,
          weight: b.weight,
          pods,
          epp: this.eppSeries(route.cluster, route.namespace, b.pool, pods.length > 0),
          codes: {
            '200': r.id(fam(QUALITY.requests), QUALITY.requests, { ...ql, code: '200' }),
            '500': r.id(fam(QUALITY.requests), QUALITY.requests, { ...ql, code: '500' }),
            '503': r.id(fam(QUALITY.requests), QUALITY.requests, { ...ql, code: '503' }),
          },
          good: r.id(fam(QUALITY.evalOutcomes), QUALITY.evalOutcomes, { ...ql, outcome: 'good' }),
          bad: r.id(fam(QUALITY.evalOutcomes), QUALITY.evalOutcomes, { ...ql, outcome: 'bad' }),
          flags: GUARDRAIL_CATEGORIES.map(([category]) =>
            r.id(fam(QUALITY.guardrailFlags), QUALITY.guardrailFlags, { ...ql, category }),
          ),
        }
      })
      const drained = r.id(fam(QUALITY.requests), QUALITY.requests, {
        ...q,
        pool: '',
        model: route.model,
        version: '',
        code: '503',
      })
      return { route, share: shares.get(route) ?? 0, tokens, duration, backends, drained }
    })
  }

  /**
   * The pool's endpoint-picker gauges. `name` is the InferencePool; `namespace` and `pod` are what
   * the scrape of the EPP pod (in the pool's namespace) adds. Like the EPP, no averages before a
   * pool has had a ready endpoint.
   */
  private eppSeries(cluster: string, namespace: string, pool: string, hasPods: boolean): EppSeries {
    const labels = { cluster, namespace, pod: `${pool}-epp-sim`, name: pool }
    const gens = EPP_GENERATION[cluster] === 'inference_pool' ? [EPP_LEGACY] : [EPP, EPP_LEGACY]
    const ids = (pick: (m: typeof EPP | typeof EPP_LEGACY) => string | null) =>
      gens.flatMap((m) => {
        const name = pick(m)
        return name ? [this.reg.id(name, name, labels)] : []
      })
    const legacyOnly = gens.length === 1
    return {
      ready: ids((m) => m.ready),
      queue: hasPods ? ids((m) => m.queue) : [],
      kv: hasPods ? ids((m) => m.kvCache) : [],
      // GAIE before v1.5 had no average running requests.
      running: hasPods ? ids((m) => (legacyOnly ? null : m.running)) : [],
    }
  }

  /** A gateway container restart: all of the cluster's gateway counters start again from zero. */
  resetGateway(cluster: string): void {
    for (const id of this.gatewaySeries.get(cluster) ?? []) this.reg.reset(id)
  }

  /**
   * vLLM's gauges on each pod of a backend at load `rho`, and the endpoint picker's means over
   * them (every endpoint fresh: the simulator has no stale pods).
   */
  private saturation(b: BackendSeries, rho: number, prof: ModelProfile, dt: number, t: number): void {
    const r = this.reg
    if (b.pods.length === 0) {
      for (const id of b.epp.ready) r.set(id, 0)
      return
    }
    const pool = { queue: 0, kv: 0, running: 0 }
    for (const ps of b.pods) {
      const capacityRps = prof.podCapacityTps / prof.tokensPerRequest
      const prev = this.backlog.get(ps.key) ?? 0
      const { backlog, pod } = podSaturation(prev, rho, capacityRps, dt, noise(ps.key, t))
      this.backlog.set(ps.key, backlog)
      r.set(ps.running, pod.running)
      r.set(ps.waiting, pod.waiting)
      r.set(ps.kv, pod.kv)
      pool.queue += pod.waiting / b.pods.length
      pool.kv += pod.kv / b.pods.length
      pool.running += pod.running / b.pods.length
    }
    const round = (v: number) => Math.round(v * 1000) / 1000
    for (const id of b.epp.ready) r.set(id, b.pods.length)
    for (const id of b.epp.queue) r.set(id, round(pool.queue))
    for (const id of b.epp.kv) r.set(id, round(pool.kv))
    for (const id of b.epp.running) r.set(id, round(pool.running))
  }

  /** A backend without traffic: its pods drain their backlog and report idle. */
  private idle(b: BackendSeries, prof: ModelProfile, dt: number, t: number): void {
    this.saturation(b, 0, prof, dt, t)
  }

  private observe(h: Hist, n: number, median: number, sigma: number, les: number[]): void {
    if (n <= 0) return
    for (let i = 0; i < les.length; i++) {
      this.reg.add(h.buckets[i]!, Math.round(n * logNormalCdf(les[i]!, median, sigma)))
    }
    this.reg.add(h.count, n)
    // mean of a log-normal = median · e^(σ²/2)
    this.reg.add(h.sum, n * median * Math.exp((sigma * sigma) / 2))
  }

  /** Advances the simulation over (t0, t1]. */
  step(t0: number, t1: number): void {
    const dt = (t1 - t0) / 1000
    if (dt <= 0) return
    const r = this.reg
    const podLoad = new Map<string, number>()
    for (const rs of this.routes) {
      const { route } = rs
      const prof = modelProfile(route.model)
      const tps = routeTps(route, rs.share, this.events, t1)
      const requests = (tps * dt) / prof.tokensPerRequest
      const served = servedWeights(route, rs.backends, this.events, t1)
      const wsum = served.reduce((a, w) => a + w, 0)
      if (wsum === 0) {
        r.addInt(rs.drained, requests)
        for (const b of rs.backends) this.idle(b, prof, dt, t1)
        continue
      }
      let input = 0
      let output = 0
      let cached = 0
      let answered = 0
      for (const [i, b] of rs.backends.entries()) {
        const weight = served[i] ?? 0
        if (weight <= 0) {
          this.idle(b, prof, dt, t1)
          continue
        }
        const req = (requests * weight) / wsum
        if (b.pods.length === 0) {
          r.addInt(b.codes['503'], req)
          this.idle(b, prof, dt, t1)
          continue
        }
        const beh = versionBehaviour(route, b.version, this.events, t1)
        const ok = r.addInt(b.codes['200'], req * (1 - beh.errorRatio))
        r.addInt(b.codes['500'], req * beh.errorRatio)
        const evaluated = ok * EVAL_SAMPLE
        r.addInt(b.good, evaluated * beh.goodRatio)
        r.addInt(b.bad, evaluated * (1 - beh.goodRatio))
        GUARDRAIL_CATEGORIES.forEach(([, share], i) => r.addInt(b.flags[i]!, ok * beh.flagRatio * share))
        answered += ok
        const tok = ok * prof.tokensPerRequest
        const bIn = tok * prof.inputShare
        const bOut = tok - bIn
        const bCached = bIn * prof.cachedShare
        input += bIn
        output += bOut
        cached += bCached
        const perPod = 1 / b.pods.length
        const outPerReq = prof.tokensPerRequest * (1 - prof.inputShare)
        // Requests split evenly over the pods, so every pod of the backend sees the same load. The
        // queue follows the offered rate, not this tick's whole requests: at a few requests a
        // minute those jump between 0 and 2 from one tick to the next.
        const rho = (req * prof.tokensPerRequest * perPod) / dt / prof.podCapacityTps
        const load = Math.min(1.5, (tok * perPod) / dt / prof.podCapacityTps)
        for (const ps of b.pods) {
          podLoad.set(ps.key, load)
          r.addInt(ps.prompt, bIn * perPod)
          r.addInt(ps.gen, bOut * perPod)
          const n = r.addInt(ps.success, ok * perPod)
          const ttft = prof.ttft * beh.latencyFactor * (1 + 0.5 * load)
          this.observe(ps.ttft, n, ttft, 0.6, TTFT_BUCKETS)
          this.observe(ps.e2e, n, ttft + outPerReq * prof.itl * beh.latencyFactor, 0.5, E2E_BUCKETS)
        }
        this.saturation(b, rho, prof, dt, t1)
      }
      // Gateway: tokens of requests that got an answer, per token type.
      const amounts = { input, output, cached_input: cached }
      for (const t of rs.tokens) {
        const inc = r.addInt(t.hist.sum, amounts[t.type])
        this.truth.addTokens(t1, t.truth, inc)
        const per = answered > 0 ? inc / answered : 0
        const nReq = t.type === 'output' && prof.operation === 'embeddings' ? 0 : Math.round(answered)
        if (nReq > 0 && per > 0) {
          for (let i = 0; i < TOKEN_BUCKETS.length; i++) {
            r.add(t.hist.buckets[i]!, Math.round(nReq * logNormalCdf(TOKEN_BUCKETS[i]!, per * 0.8, 0.7)))
          }
          r.add(t.hist.count, nReq)
        }
      }
      const dur = prof.ttft + prof.tokensPerRequest * (1 - prof.inputShare) * prof.itl
      this.observe(rs.duration, Math.round(answered), dur, 0.5, DURATION_BUCKETS)
    }
    // GPUs: busy with their pod's load. A model server without traffic idles at 1–2% like an
    // idle vLLM (weights loaded, no batches), so "allocated but idle" shows up as it would.
    for (const g of this.gpus) {
      const load = g.owner ? (podLoad.get(g.owner) ?? 0) : 0
      const u = !g.owner
        ? 0
        : load > 0
          ? Math.min(100, Math.round((8 + 84 * Math.min(1, load)) * noise(g.gpu.uuid, t1)))
          : Math.round(1.5 * noise(g.gpu.uuid, t1))
      r.set(g.util, u)
      this.truth.addGpu(
        t1,
        gpuKey(g.gpu.cluster, g.gpu.namespace ?? '', g.gpu.product),
        (dt / 3600) * g.weight,
      )
    }
  }
}

export interface PodSaturation {
  waiting: number
  running: number
  kv: number
}

/**
 * One pod's queue over dt seconds at load `rho` (offered tokens / capacity): a fluid queue with
 * abandonment, b' = (λ − μ) − b/τ, solved exactly over the step so any tick size gives the same
 * curve. Under capacity the backlog drains; over it, it grows towards (λ − μ)·τ.
 */
export function podSaturation(
  backlog: number,
  rho: number,
  capacityRps: number,
  dt: number,
  jitter: number,
): { backlog: number; pod: PodSaturation } {
  const excess = (rho - 1) * capacityRps
  const settle = excess * ABANDON_S
  const next = Math.max(0, settle + (backlog - settle) * Math.exp(-dt / ABANDON_S))
  // Near full load a few requests wait for a batch slot even before the backlog builds.
  const slots = rho > 0.75 ? (rho - 0.75) * 8 : 0
  const busy = Math.min(1, rho)
  return {
    backlog: next,
    pod: {
      waiting: Math.round(next + Math.min(2, slots)),
      running: Math.round(FULL_BATCH * busy * jitter),
      // A pod with a backlog has filled its KV cache (that is why requests wait).
      kv:
        Math.round(Math.min(0.98, next >= 1 ? 0.9 + 0.08 * busy : (0.05 + 0.75 * busy) * jitter) * 1000) /
        1000,
    },
  }
}

function fam(m: string): string {
  return m.replace(/_total$/, '')
}
