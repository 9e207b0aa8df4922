import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CLUSTER_NAMES,
  expectedTotals,
  GPU_RESOURCE,
  MIG_1G,
  MIG_3G,
  type ClusterName,
} from '../../../dev/seed/fleet'
import { admin, kubeconfigWithDownCluster, seededFleet, uniq, waitFor } from './helpers'

// The cache reads clusters from AIRE_KUBECONFIG on first use: the console's kubeconfig plus one
// cluster that is down, so every test also shows that a dead cluster does not hold the others up.
process.env.AIRE_KUBECONFIG = kubeconfigWithDownCluster()
delete process.env.AIRE_CLUSTERS

const { watchCache, stopWatchCache } = await import('@/lib/k8s/watch/cache')
const { buildInventory, buildNodeDetail } = await import('@/lib/fleet/inventory')
const { summarize } = await import('@/lib/fleet/summary')
const { buildModels } = await import('@/lib/fleet/models')
const { metrics } = await import('@/lib/observability/metrics')
const { RESOURCE_KINDS } = await import('@/lib/k8s/watch/types')

const SYNC_TIMEOUT_MS = 150_000

function totalsFromCache(cluster: ClusterName) {
  const cache = watchCache()
  const [c] = cache.fleet(cluster)
  const inv = buildInventory([c!])
  const nodes = [...cache.store(cluster, 'nodes').values()]
  const mig: Record<string, number> = { [MIG_1G]: 0, [MIG_3G]: 0 }
  for (const r of inv.nodes) for (const m of r.mig) mig[m.resource] = (mig[m.resource] ?? 0) + m.capacity
  const seeded = [...cache.store(cluster, 'deployments').values()].filter(
    (d) => d.labels['aire.dev/seeded'] === 'true',
  )
  return {
    nodes: nodes.length,
    gpuNodes: inv.nodes.filter((r) => r.product !== 'unknown').length,
    physicalGpus: inv.nodes.reduce((a, r) => a + r.physical, 0),
    gpuCapacity: inv.nodes.reduce((a, r) => a + r.capacity, 0),
    gpuAllocatable: inv.nodes.reduce((a, r) => a + r.allocatable, 0),
    mig,
    draDevices: inv.nodes.reduce((a, r) => a + r.dra.devices, 0),
    cordoned: nodes.filter((n) => n.unschedulable).length,
    notReady: nodes.filter((n) => n.ready === false).length,
    deployments: seeded.length,
    pods: seeded.reduce((a, d) => a + d.replicas, 0),
    unschedulablePods: inv.pending.filter((p) => p.model === 'mixtral-8x22b').length,
  }
}

/** GPUs the seeded, schedulable model servers hold once every pod runs (whole, MIG, DRA). */
function plannedAllocation(fleet: Awaited<ReturnType<typeof seededFleet>>, cluster: ClusterName) {
  const out = { whole: 0, dra: 0, [MIG_1G]: 0, [MIG_3G]: 0 } as Record<string, number>
  for (const d of fleet.deployments) {
    if (d.cluster !== cluster || d.unschedulable || d.perPod === 0) continue
    if (d.dra) out.dra! += d.replicas * d.perPod
    else if (d.resource === GPU_RESOURCE) out.whole! += d.replicas * d.perPod
    else if (d.resource) out[d.resource] = (out[d.resource] ?? 0) + d.replicas * d.perPod
  }
  return out
}

beforeAll(async () => {
  const synced = await watchCache().whenSynced({ clusters: [...CLUSTER_NAMES], timeoutMs: SYNC_TIMEOUT_MS })
  expect(synced, 'the watch cache did not finish its initial lists').toBe(true)
})

afterAll(() => {
  stopWatchCache()
  // the copy holds the console's client credentials: not left behind in /tmp
  rmSync(path.dirname(process.env.AIRE_KUBECONFIG!), { recursive: true, force: true })
})

describe('fleet inventory from the watch cache', () => {
  for (const cluster of CLUSTER_NAMES) {
    it(`${cluster}: nodes, GPUs, MIG, DRA and deployments equal the seeded fleet`, async () => {
      const fleet = await seededFleet(cluster)
      const want = expectedTotals(fleet, cluster)
      // The cache is live: give a seeder that is still converging a little time.
      const same = await waitFor(() => {
        const got = totalsFromCache(cluster)
        return JSON.stringify(got) === JSON.stringify(want) ? got : undefined
      }, 30_000)
      expect(same?.value ?? totalsFromCache(cluster)).toEqual(want)
    })

    it(`${cluster}: allocated GPUs equal what the running seeded model servers request`, async () => {
      const fleet = await seededFleet(cluster)
      const plan = plannedAllocation(fleet, cluster)
      const got = () => {
        const inv = buildInventory(watchCache().fleet(cluster))
        const s = summarize(inv.nodes, inv.pending)
        const mig = (res: string) =>
          inv.nodes.reduce((a, r) => a + (r.mig.find((m) => m.resource === res)?.allocated ?? 0), 0)
        return {
          whole: s.totals.allocated - s.totals.dra.allocated,
          dra: s.totals.dra.allocated,
          [MIG_1G]: mig(MIG_1G),
          [MIG_3G]: mig(MIG_3G),
        }
      }
      const same = await waitFor(
        () => (JSON.stringify(got()) === JSON.stringify(plan) ? true : undefined),
        30_000,
      )
      expect(same ? plan : got()).toEqual(plan)
    })
  }

  it('groups the seeded model servers by model with traffic shares that add up per route', async () => {
    const fleet = await seededFleet('gpu-east')
    const models = buildModels(watchCache().fleet('gpu-east'))
    const planned = new Set(
      fleet.deployments
        .filter((d) => d.cluster === 'gpu-east' && d.component === 'model-server')
        .map((d) => d.model),
    )
    expect(new Set(models.map((m) => m.model))).toEqual(planned)
    const llama = models.find((m) => m.model === 'llama-3-1-8b')!
    expect(llama.servedModel).toBe('meta-llama/Llama-3.1-8B-Instruct')
    expect(llama.versions.map((v) => [v.version, v.traffic[0]?.share])).toEqual([
      ['v1', 90],
      ['v2', 10],
    ])
    // Three seeded rollouts: revisions 3, 2, 1, and #2 changed the image.
    const v1 = llama.versions[0]!
    expect(v1.revisions.map((r) => r.revision)).toEqual([3, 2, 1])
    expect(v1.revisions[1]?.diff?.[0]?.image?.to).toBe('vllm/vllm-openai:v0.10.2')
    const stuck = models.find((m) => m.model === 'mixtral-8x22b')!
    expect(stuck.ready).toBe(0)
    expect(['progressing', 'stalled']).toContain(stuck.rollout)
  })
})

describe('live updates', () => {
  const cluster: ClusterName = 'gpu-east'
  const ns = uniq('aire-fleet-it')

  afterAll(async () => {
    await admin(cluster)
      .core.deleteNamespace({ name: ns })
      .catch(() => undefined)
  })

  it('a GPU pod created and deleted with the admin kubeconfig moves the allocated count within seconds', async () => {
    const c = admin(cluster)
    const rowOf = (node: string) =>
      buildInventory(watchCache().fleet(cluster)).nodes.find((r) => r.name === node)
    const target = buildInventory(watchCache().fleet(cluster)).nodes.find(
      (r) => r.idle > 0 && !r.cordoned && !r.notReady && r.allocatable > 0 && r.dra.devices === 0,
    )
    expect(target, 'no schedulable node with an idle GPU').toBeDefined()
    const before = target!.allocated

    await c.core.createNamespace({
      body: { metadata: { name: ns, labels: { 'aire.dev/team': 'fleet-it' } } },
    })
    const tCreate = Date.now()
    await c.core.createNamespacedPod({
      namespace: ns,
      body: {
        metadata: { name: 'gpu-probe', labels: { 'aire.dev/model': 'fleet-it-probe' } },
        spec: {
          // Bound directly: the test measures the cache, not the scheduler.
          nodeName: target!.name,
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'probe',
              image: 'registry.k8s.io/pause:3.10',
              resources: { limits: { [GPU_RESOURCE]: '1' } },
            },
          ],
        },
      },
    })
    // From the API server's answer: what the cache adds on top of the write itself.
    const t0 = Date.now()
    const createMs = t0 - tCreate
    const up = await waitFor(() => (rowOf(target!.name)?.allocated === before + 1 ? true : undefined), 10_000)
    expect(up, 'allocated did not go up').not.toBeNull()
    const upMs = Date.now() - t0
    expect(upMs).toBeLessThan(5_000)

    const detail = buildNodeDetail(watchCache().fleet(cluster)[0]!, target!.name)
    expect(detail?.pods.find((p) => p.name === 'gpu-probe')).toMatchObject({
      team: 'fleet-it',
      model: 'fleet-it-probe',
    })

    await c.core.deleteNamespacedPod({ name: 'gpu-probe', namespace: ns, gracePeriodSeconds: 0 })
    const t1 = Date.now()
    const down = await waitFor(() => (rowOf(target!.name)?.allocated === before ? true : undefined), 10_000)
    expect(down, 'allocated did not go back down').not.toBeNull()
    expect(Date.now() - t1).toBeLessThan(5_000)
    console.info(
      `fleet live update: create took ${createMs} ms; +1 GPU in the cache ${upMs} ms later, -1 ${Date.now() - t1} ms after the delete`,
    )
  })
})

describe('staleness', () => {
  it('reports every cluster × resource: live ones synced and connected, the dead one with its error', () => {
    const status = watchCache().cacheStatus()
    expect(status).toHaveLength(3 * RESOURCE_KINDS.length)
    for (const s of status.filter((x) => x.cluster !== 'gpu-down' && x.served)) {
      expect(s, `${s.cluster}/${s.resource}`).toMatchObject({ synced: true, connected: true })
      expect(Date.now() - Date.parse(s.lastHealthyAt!)).toBeLessThan(120_000)
    }
    const down = status.filter((x) => x.cluster === 'gpu-down')
    expect(down.every((s) => !s.synced && !s.connected && s.lastError && s.restarts > 0)).toBe(true)
    const clusters = watchCache().clusterStatuses()
    expect(clusters.find((c) => c.cluster === 'gpu-down')).toMatchObject({
      synced: false,
      connected: false,
      dataAsOf: null,
    })
    expect(clusters.find((c) => c.cluster === 'gpu-east')).toMatchObject({ synced: true, connected: true })
  })

  it('exports connection and event-age gauges on the console registry', async () => {
    const text = await metrics().registry.metrics()
    expect(text).toMatch(/aire_console_watch_connected\{cluster="gpu-east",resource="pods"\} 1/)
    expect(text).toMatch(/aire_console_watch_connected\{cluster="gpu-down",resource="nodes"\} 0/)
    expect(text).toMatch(
      /aire_console_watch_last_event_age_seconds\{cluster="gpu-west",resource="nodes"\} \d/,
    )
  })

  it('changes the version counter on changes and keeps it while nothing in a scope moves', () => {
    const cache = watchCache()
    expect(cache.version).toBeGreaterThan(0)
    expect(cache.scopeVersion('gpus')).toBeGreaterThan(0)
    expect(cache.scopeVersion('models')).toBeGreaterThan(0)
  })
})
