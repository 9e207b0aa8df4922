import { describe, expect, it } from 'vitest'
import { podSaturation, Sim } from './engine'
import { GroundTruth } from './ground-truth'
import { Registry } from './registry'
import { resolveScenario, resolveTime, scenarioSchema } from './scenario'
import { planTopology, seededFleet, type Topology } from './topology'
import { diurnal, logNormalCdf, routeShares, versionBehaviour } from './traffic'

const T0 = Date.parse('2026-11-20T00:00:00Z')

function value(sim: Sim, key: string): number {
  const text = sim.reg.renderText()
  const line = text.split('\n').find((l) => l.startsWith(`${key} `))
  return line ? Number(line.slice(key.length + 1)) : Number.NaN
}

function sum(sim: Sim, prefix: string, filter: (line: string) => boolean = () => true): number {
  return sim.reg
    .renderText()
    .split('\n')
    .filter((l) => l.startsWith(prefix) && filter(l))
    .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)
}

describe('scenario times', () => {
  it('reads relative, day-anchored and absolute times', () => {
    const anchor = Date.parse('2026-11-27T12:34:00Z')
    expect(resolveTime('-3h', anchor)).toBe(anchor - 3 * 3600e3)
    expect(resolveTime('+30m', anchor)).toBe(anchor + 30 * 60e3)
    expect(new Date(resolveTime('day-1T09:00', anchor)).toISOString()).toBe('2026-11-26T09:00:00.000Z')
    expect(resolveTime('2026-11-01T00:00:00Z', anchor)).toBe(Date.parse('2026-11-01T00:00:00Z'))
    expect(() => resolveTime('soon', anchor)).toThrow()
  })
  it('applies the last active event to the targeted version only', () => {
    const s = scenarioSchema.parse({
      name: 't',
      events: [{ kind: 'quality', route: 'r', version: 'v2', from: '-1h', goodRatio: 0.93 }],
    })
    const ev = resolveScenario(s, T0)
    const route = { cluster: 'c', namespace: 'n', name: 'r', team: 't', model: 'm', backends: [] }
    expect(versionBehaviour(route, 'v2', ev, T0 - 30 * 60e3).goodRatio).toBe(0.93)
    expect(versionBehaviour(route, 'v1', ev, T0 - 30 * 60e3).goodRatio).toBe(0.996)
    expect(versionBehaviour(route, 'v2', ev, T0 - 2 * 3600e3).goodRatio).toBe(0.995)
  })
})

describe('traffic model', () => {
  it('splits each team’s traffic over its routes: shares add up to 1 per team', () => {
    const topo = planTopology(seededFleet())
    const shares = routeShares(topo.routes)
    const byTeam = new Map<string, number>()
    for (const [r, s] of shares) byTeam.set(r.team, (byTeam.get(r.team) ?? 0) + s)
    for (const total of byTeam.values()) expect(total).toBeCloseTo(1, 9)
  })
  it('has a daily rhythm with a peak and quieter weekends', () => {
    const wed = Date.parse('2026-11-25T00:00:00Z')
    expect(diurnal(15, wed + 15 * 3600e3)).toBeCloseTo(1, 9)
    expect(diurnal(15, wed + 3 * 3600e3)).toBeLessThan(0.3)
    expect(diurnal(15, Date.parse('2026-11-28T15:00:00Z'))).toBeCloseTo(0.6, 9)
  })
  it('log-normal bucket shares are monotonic and reach 1 at +Inf', () => {
    const les = [0.05, 0.1, 0.25, 0.5, 1, Infinity].map((le) => logNormalCdf(le, 0.2, 0.6))
    for (let i = 1; i < les.length; i++) expect(les[i]).toBeGreaterThanOrEqual(les[i - 1]!)
    expect(les.at(-1)).toBe(1)
    expect(logNormalCdf(0.2, 0.2, 0.6)).toBeCloseTo(0.5, 6)
  })
})

describe('engine', () => {
  const topo = planTopology(seededFleet())

  function run(t: Topology, minutes: number, truth = new GroundTruth(null)) {
    const sim = new Sim([], truth)
    sim.setTopology(t)
    for (let i = 0; i < minutes; i++) sim.step(T0 + i * 60e3, T0 + (i + 1) * 60e3)
    return sim
  }

  it('is deterministic: the same history gives the same counters', () => {
    expect(run(topo, 30).reg.renderText()).toBe(run(topo, 30).reg.renderText())
  })

  it('gateway tokens equal what the model servers processed', () => {
    const sim = run(topo, 60)
    const gwIn = sum(sim, 'gen_ai_client_token_usage_sum', (l) => l.includes('gen_ai_token_type="input"'))
    const gwOut = sum(sim, 'gen_ai_client_token_usage_sum', (l) => l.includes('gen_ai_token_type="output"'))
    const prompt = sum(sim, 'vllm:prompt_tokens_total')
    const gen = sum(sim, 'vllm:generation_tokens_total')
    // Each counter rounds down on its own; the difference is a few tokens per series.
    expect(Math.abs(gwIn - prompt) / prompt).toBeLessThan(1e-4)
    expect(Math.abs(gwOut - gen) / gen).toBeLessThan(1e-4)
  })

  it('histogram buckets are cumulative and +Inf equals the count', () => {
    const sim = run(topo, 30)
    const text = sim.reg.renderText().split('\n')
    const pod = 'cluster="gpu-east",namespace="team-assistant",pod="llama-3-1-8b-v1-sim-0"'
    const buckets = text.filter(
      (l) => l.startsWith('vllm:time_to_first_token_seconds_bucket') && l.includes(pod),
    )
    const values = buckets.map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)))
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!)
    const count = text.find((l) => l.startsWith('vllm:time_to_first_token_seconds_count') && l.includes(pod))!
    expect(values.at(-1)).toBe(Number(count.slice(count.lastIndexOf(' ') + 1)))
  })

  it('follows the route weights: a version at weight 0 gets no traffic', () => {
    const shifted: Topology = {
      ...topo,
      routes: topo.routes.map((r) =>
        r.name === 'llama-3-1-8b'
          ? { ...r, backends: r.backends.map((b) => ({ ...b, weight: b.version === 'v1' ? 0 : 100 })) }
          : r,
      ),
    }
    const sim = run(shifted, 30)
    const key = (v: string) =>
      `aire_requests_total{cluster="gpu-east",namespace="team-assistant",team="assistant",route="llama-3-1-8b",` +
      `pool="llama-3-1-8b-${v}",model="meta-llama/Llama-3.1-8B-Instruct",version="${v}",code="200"}`
    expect(value(sim, key('v1'))).toBe(0)
    expect(value(sim, key('v2'))).toBeGreaterThan(0)
  })

  it('a split event makes the gateway serve its shares, not the weights (the others keep theirs)', () => {
    const served = (sim: Sim, v: string) =>
      sum(
        sim,
        'aire_requests_total{cluster="gpu-east",namespace="team-assistant",team="assistant",route="llama-3-1-8b",',
        (l) => l.includes(`version="${v}"`),
      )
    const events = resolveScenario(
      scenarioSchema.parse({
        name: 's',
        events: [{ kind: 'split', route: 'llama-3-1-8b', cluster: 'gpu-east', shares: { v1: 1, v2: 1 } }],
      }),
      T0,
    )
    const sim = new Sim(events, new GroundTruth(null))
    sim.setTopology(topo)
    for (let i = 0; i < 30; i++) sim.step(T0 + i * 60e3, T0 + (i + 1) * 60e3)
    const v1 = served(sim, 'v1')
    expect(v1).toBeGreaterThan(0)
    expect(Math.abs(v1 - served(sim, 'v2')) / v1).toBeLessThan(0.01)
    const plain = run(topo, 30)
    // Weights 90/10 without the event.
    expect(served(plain, 'v1') / (served(plain, 'v1') + served(plain, 'v2'))).toBeCloseTo(0.9, 2)
  })

  it('records as ground truth exactly the tokens the gateway counters grew by', () => {
    const truth = new GroundTruth(null)
    const added = new Map<string, number>()
    const orig = truth.addTokens.bind(truth)
    truth.addTokens = (t, k, n) => {
      added.set(k, (added.get(k) ?? 0) + n)
      orig(t, k, n)
    }
    const sim = run(topo, 90, truth)
    const truthTotal = [...added.values()].reduce((a, b) => a + b, 0)
    expect(truthTotal).toBe(sum(sim, 'gen_ai_client_token_usage_sum'))
  })

  it('a gateway restart resets only that cluster’s gateway counters', () => {
    const sim = run(topo, 10)
    const east = () => sum(sim, 'gen_ai_client_token_usage_sum', (l) => l.includes('cluster="gpu-east"'))
    const west = () => sum(sim, 'gen_ai_client_token_usage_sum', (l) => l.includes('cluster="gpu-west"'))
    const w = west()
    sim.resetGateway('gpu-east')
    expect(east()).toBe(0)
    expect(west()).toBe(w)
  })
})

describe('registry', () => {
  it('renders timestamped OpenMetrics lines and hides series of gone pods', () => {
    const r = new Registry()
    r.family('x', 'counter', 'help')
    const a = r.id('x', 'x_total', { pod: 'a', empty: '' })
    r.addInt(a, 2.6)
    r.addInt(a, 0.6)
    const lines: string[] = []
    r.renderSamples(1700000000, (s) => lines.push(s))
    expect(lines.join('')).toBe('x_total{pod="a"} 3 1700000000\n')
    r.markAllDead()
    expect(r.renderText()).toBe('\n')
  })
})

describe('saturation', () => {
  const topo = planTopology(seededFleet())
  const line = (sim: Sim, metric: string, pool: string, cluster: string) =>
    sim.reg
      .renderText()
      .split('\n')
      .find((l) => l.startsWith(`${metric}{cluster="${cluster}",`) && l.includes(`name="${pool}"`))
  const gauge = (sim: Sim, metric: string, pool: string, cluster = 'gpu-east') => {
    const l = line(sim, metric, pool, cluster)
    return l ? Number(l.slice(l.lastIndexOf(' ') + 1)) : Number.NaN
  }
  const searchPool = (cluster: string) => {
    const pools = new Set(topo.pods.filter((p) => p.cluster === cluster).map((p) => p.pool))
    const r = topo.routes.find((x) => x.team === 'search' && x.cluster === cluster)!
    return r.backends.find((b) => b.weight > 0 && pools.has(b.pool))!.pool
  }

  function runFor(minutes: number, factor: number, sample: number[]) {
    const spike = scenarioSchema.parse({
      name: 'spike',
      events: [{ kind: 'tokens', team: 'search', from: '-1000d', factor }],
    })
    const sim = new Sim(resolveScenario(spike, T0), new GroundTruth(null))
    sim.setTopology(topo)
    const queues: number[] = []
    for (let i = 0; i < minutes; i++) {
      sim.step(T0 + i * 60e3, T0 + (i + 1) * 60e3)
      if (sample.includes(i + 1))
        queues.push(gauge(sim, 'llm_d_epp_average_queue_size', searchPool('gpu-east')))
    }
    return { sim, queues }
  }

  it('an overloaded pool’s queue grows, fills its KV cache and stays bounded', () => {
    const { sim, queues } = runFor(12, 10, [1, 3, 6, 12])
    const pool = searchPool('gpu-east')
    for (let i = 1; i < queues.length; i++) expect(queues[i]).toBeGreaterThan(queues[i - 1]!)
    expect(queues.at(-1)).toBeGreaterThan(5)
    expect(gauge(sim, 'llm_d_epp_average_kv_cache_utilization', pool)).toBeGreaterThan(0.8)
    // Clients abandon after minutes: the backlog settles instead of growing without bound.
    expect(queues.at(-1)).toBeLessThan(10_000)
    // The deprecated name carries the same value (llm-d-router v0.10 exports both).
    expect(gauge(sim, 'inference_pool_average_queue_size', pool)).toBe(queues.at(-1))
  })

  it('a pool under its capacity has a short queue and a partly used KV cache', () => {
    const { sim } = runFor(30, 1, [])
    const pool = searchPool('gpu-east')
    expect(gauge(sim, 'llm_d_epp_average_queue_size', pool)).toBeLessThan(1)
    const kv = gauge(sim, 'llm_d_epp_average_kv_cache_utilization', pool)
    expect(kv).toBeGreaterThan(0)
    expect(kv).toBeLessThan(0.8)
    expect(gauge(sim, 'llm_d_epp_ready_endpoints', pool)).toBeGreaterThan(0)
    expect(gauge(sim, 'llm_d_epp_average_running_requests', pool)).toBeGreaterThanOrEqual(0)
  })

  it('the older-generation cluster exports only inference_pool_* (no average running requests)', () => {
    const { sim } = runFor(5, 1, [])
    const pool = searchPool('gpu-west')
    expect(gauge(sim, 'inference_pool_average_queue_size', pool, 'gpu-west')).toBeGreaterThanOrEqual(0)
    expect(gauge(sim, 'inference_pool_ready_pods', pool, 'gpu-west')).toBeGreaterThan(0)
    expect(line(sim, 'llm_d_epp_average_queue_size', pool, 'gpu-west')).toBeUndefined()
    expect(line(sim, 'inference_pool_average_running_requests', pool, 'gpu-west')).toBeUndefined()
  })

  it('the queue drains once the load falls, at any tick size', () => {
    const over = podSaturation(0, 5, 0.02, 3600, 1)
    expect(over.pod.waiting).toBeGreaterThan(5)
    const drained = podSaturation(over.backlog, 0.3, 0.02, 1800, 1)
    expect(drained.pod.waiting).toBe(0)
    // One 10-minute step or 120 five-second ticks land in the same place.
    let b = 0
    for (let i = 0; i < 120; i++) b = podSaturation(b, 4, 0.05, 5, 1).backlog
    expect(b).toBeCloseTo(podSaturation(0, 4, 0.05, 600, 1).backlog, 6)
  })
})
