/**
 * Pool saturation on the Models view from the real Prometheus (the traffic simulator's endpoint-
 * picker and vLLM series, docs/SATURATION.md) and the real clusters' watch cache; and what the
 * view says when Prometheus is unset or down.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kubeconfigs } from './helpers'

process.env.AIRE_KUBECONFIG = kubeconfigs.console
delete process.env.AIRE_CLUSTERS
const REAL_PROMETHEUS = process.env.PROMETHEUS_URL

const { watchCache, stopWatchCache } = await import('@/lib/k8s/watch/cache')

/** The fleet read modules with their shared state forgotten (as in a freshly started server). */
async function freshFleet() {
  const g = globalThis as Record<string, unknown>
  delete g.aireSaturation
  delete g.aireFleetMemos
  vi.resetModules()
  return {
    readFleet: await import('@/lib/fleet/read-fleet'),
    math: await import('@/lib/fleet/saturation-math'),
    prometheus: await import('@/lib/metrics/prometheus'),
  }
}

/**
 * The pools the simulator serves: backends of a route with running pods. Pools behind no route get
 * no traffic from the simulator and so no endpoint picker series.
 */
function servedPools(
  models: { versions: { cluster: string; ready: number; pools: string[]; traffic: unknown[] }[] }[],
) {
  return models.flatMap((g) =>
    g.versions
      .filter((v) => v.ready > 0 && v.traffic.length > 0)
      .flatMap((v) => v.pools.map((p) => `${v.cluster}/${p}`)),
  )
}

beforeAll(async () => {
  if (!REAL_PROMETHEUS) throw new Error('PROMETHEUS_URL is not set (dev/sim/start.sh prints it)')
  await watchCache().whenSynced({ timeoutMs: 60_000 })
})

afterAll(() => {
  process.env.PROMETHEUS_URL = REAL_PROMETHEUS
  stopWatchCache()
})

describe('pool saturation', () => {
  it('gives every served pool queue, KV cache, running and ready numbers from the endpoint picker', async () => {
    process.env.PROMETHEUS_URL = REAL_PROMETHEUS
    const { readFleet } = await freshFleet()
    const view = await readFleet.modelsPageView({})
    expect(view.saturation?.status).toBe('ok')
    const pools = servedPools(view.models)
    expect(pools.length, 'the seeded fleet has pools behind routes').toBeGreaterThan(0)
    const sources = new Set<string>()
    for (const key of pools) {
      const s = view.saturation!.pools[key]
      expect(s, `no saturation for ${key} (does dev/sim export the EPP series?)`).toBeDefined()
      expect(['llm-d', 'inference_pool']).toContain(s!.source)
      sources.add(`${s!.cluster}:${s!.source}`)
      expect(s!.queue).toBeGreaterThanOrEqual(0)
      expect(s!.kvCache).toBeGreaterThanOrEqual(0)
      expect(s!.kvCache).toBeLessThanOrEqual(1)
      expect(s!.running).toBeGreaterThanOrEqual(0)
      expect(s!.readyPods).toBeGreaterThan(0)
      expect(['ok', 'saturated']).toContain(s!.state)
    }
    // gpu-east plays llm-d-router (both names: the new one wins), gpu-west an older GAIE EPP.
    if (pools.some((k) => k.startsWith('gpu-east/'))) expect(sources).toContain('gpu-east:llm-d')
    if (pools.some((k) => k.startsWith('gpu-west/'))) expect(sources).toContain('gpu-west:inference_pool')
  })

  it('falls back to vLLM’s per-pod gauges through the pods’ owners when there is no EPP series', async () => {
    process.env.PROMETHEUS_URL = REAL_PROMETHEUS
    const { readFleet, math, prometheus } = await freshFleet()
    const view = await readFleet.modelsPageView({})
    const cache = watchCache()
    const pools = servedPools(view.models)
    // vLLM series are per pod: a pod an earlier test replaced is in the watch cache at once but in
    // Prometheus only after the simulator's next pod read (30 s) and a scrape, so wait for those.
    const read = async () =>
      math.parseSaturation(
        (await prometheus.instantQuery(math.SATURATION_QUERY, new Date())).filter((s) =>
          s.metric.aire_metric?.startsWith('vllm_'),
        ),
        cache.clusterStatuses().map((c) => c.cluster),
        math.podPoolIndex(cache.fleet()),
      )
    let vllmOnly = await read()
    for (let i = 0; i < 30 && pools.some((k) => !vllmOnly.has(k)); i++) {
      await new Promise((r) => setTimeout(r, 2000))
      vllmOnly = await read()
    }
    for (const key of pools) {
      const s = vllmOnly.get(key)
      expect(s, `no vLLM series mapped onto ${key}`).toBeDefined()
      expect(s!.source).toBe('vllm')
      expect(s!.queue).toBeGreaterThanOrEqual(0)
      expect(s!.kvCache).toBeGreaterThanOrEqual(0)
      expect(s!.readyPods).toBeNull()
    }
  }, 90_000)

  it('says Prometheus is not configured, or did not answer, without slowing the page', async () => {
    delete process.env.PROMETHEUS_URL
    let { readFleet } = await freshFleet()
    expect((await readFleet.modelsPageView({})).saturation).toEqual({
      status: 'unconfigured',
      at: null,
      pools: {},
    })

    process.env.PROMETHEUS_URL = 'http://127.0.0.1:1'
    ;({ readFleet } = await freshFleet())
    const t0 = Date.now()
    const view = await readFleet.modelsPageView({})
    expect(Date.now() - t0).toBeLessThan(5_000)
    expect(view.saturation).toEqual({ status: 'unavailable', at: null, pools: {} })
    expect(view.models.length).toBeGreaterThan(0)
  })
})
