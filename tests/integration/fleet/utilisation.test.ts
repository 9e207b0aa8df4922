/**
 * GPU utilisation on the fleet views from the real Prometheus (the traffic simulator's DCGM
 * series) and the real clusters' watch cache; and what the views do when Prometheus is down.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kubeconfigs } from './helpers'

process.env.AIRE_KUBECONFIG = kubeconfigs.console
delete process.env.AIRE_CLUSTERS
const REAL_PROMETHEUS = process.env.PROMETHEUS_URL

const { watchCache, stopWatchCache } = await import('@/lib/k8s/watch/cache')

const { heldByPods } = await import('@/lib/fleet/inventory')

/** The fleet read modules with their shared state forgotten (as in a freshly started server). */
async function freshFleet() {
  const g = globalThis as Record<string, unknown>
  delete g.aireUtilisation
  delete g.aireFleetMemos
  vi.resetModules()
  return {
    readFleet: await import('@/lib/fleet/read-fleet'),
    utilisation: await import('@/lib/fleet/utilisation'),
  }
}

/** A node the simulator puts a pod's GPU on, from Prometheus itself. */
async function simAllocatedNode(): Promise<{ cluster: string; node: string }> {
  const body = new URLSearchParams({ query: 'count by (cluster, Hostname) (DCGM_FI_DEV_GPU_UTIL{pod!=""})' })
  const res = await fetch(`${REAL_PROMETHEUS}/api/v1/query`, { method: 'POST', body })
  const json = (await res.json()) as { data: { result: { metric: Record<string, string> }[] } }
  const known = new Set(
    watchCache()
      .clusterStatuses()
      .map((c) => c.cluster),
  )
  const hit = json.data.result.find((r) => known.has(r.metric.cluster ?? ''))
  if (!hit) throw new Error('the simulator exports no DCGM series with a pod (is dev/sim running?)')
  return { cluster: hit.metric.cluster!, node: hit.metric.Hostname! }
}

beforeAll(async () => {
  if (!REAL_PROMETHEUS) throw new Error('PROMETHEUS_URL is not set (dev/sim/start.sh prints it)')
  await watchCache().whenSynced({ timeoutMs: 60_000 })
})

afterAll(() => {
  process.env.PROMETHEUS_URL = REAL_PROMETHEUS
  stopWatchCache()
})

describe('GPU utilisation', () => {
  it('shows a percentage for a node the simulator keeps busy, on the GPUs view and its drawer', async () => {
    process.env.PROMETHEUS_URL = REAL_PROMETHEUS
    const { readFleet, utilisation } = await freshFleet()
    const { cluster, node } = await simAllocatedNode()

    const snap = await utilisation.utilisationSnapshot()
    const u = snap?.nodes.get(`${cluster}/${node}`)
    expect(u, `no utilisation for ${cluster}/${node}`).toBeDefined()
    for (const v of [u!.now, u!.held, u!.peak]) {
      expect(typeof v).toBe('number')
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
    }

    const view = await readFleet.gpuView(
      (await import('@/lib/validations/gpu-query')).parseGpuQuery({ cluster, q: node }),
    )
    const row = view.rows.find((r) => r.name === node)
    expect(row && heldByPods(row)).toBeGreaterThan(0)
    expect(row?.utilisation).toBe(u!.now)
    expect(view.summary.totals.withUtilisation).toBeGreaterThan(0)

    const detail = await readFleet.nodeDetail(cluster, node)
    expect(detail?.row.utilisation).toBe(u!.now)
    // The Teams page reads the same numbers (held GPUs over the idle window).
    expect((await utilisation.nodeUtilisation())?.get(`${cluster}/${node}`)).toBe(u!.held)
  })

  it('leaves utilisation unknown, and the views working, when Prometheus does not answer', async () => {
    process.env.PROMETHEUS_URL = 'http://127.0.0.1:1'
    const { readFleet, utilisation } = await freshFleet()
    const t0 = Date.now()
    expect(await utilisation.utilisationSnapshot()).toBeNull()
    const view = await readFleet.gpuView((await import('@/lib/validations/gpu-query')).parseGpuQuery({}))
    expect(Date.now() - t0).toBeLessThan(5_000)
    expect(view.rows.length).toBeGreaterThan(0)
    expect(view.rows.every((r) => r.utilisation === undefined && !r.allocatedButIdle)).toBe(true)
    expect(view.summary.totals.withUtilisation).toBe(0)
  })
})
