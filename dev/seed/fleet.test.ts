import { describe, expect, it } from 'vitest'
import { buildFleet, CLUSTER_NAMES, expectedTotals, MODELS, POOLS, TEAMS } from './fleet'

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/

describe('fleet definition', () => {
  it('seeds InferenceObjectives on planned pools, unique per namespace, above, at and below priority 0', () => {
    const f = buildFleet({ scale: 'small', seed: 42 })
    for (const cl of CLUSTER_NAMES) {
      const here = f.objectives.filter((o) => o.cluster === cl)
      const pools = new Set(f.pools.filter((p) => p.cluster === cl).map((p) => `${p.namespace}/${p.name}`))
      expect(here.length).toBeGreaterThan(0)
      for (const o of here) expect(pools.has(`${o.namespace}/${o.pool}`), o.name).toBe(true)
      expect(new Set(here.map((o) => `${o.namespace}/${o.name}`)).size).toBe(here.length)
      expect(here.some((o) => o.priority > 0) && here.some((o) => o.priority < 0)).toBe(true)
      // Some pools have none: the pages' empty state is seeded too.
      expect(new Set(here.map((o) => o.pool)).size).toBeLessThan(pools.size)
    }
  })

  it('is deterministic from the seed', () => {
    const a = buildFleet({ scale: 'small', seed: 7 })
    const b = buildFleet({ scale: 'small', seed: 7 })
    const c = buildFleet({ scale: 'small', seed: 8 })
    expect(a).toEqual(b)
    expect(a.nodes.map((n) => n.gpuUuids)).not.toEqual(c.nodes.map((n) => n.gpuUuids))
    // the shape does not depend on the seed, only ids/uuids do
    expect(expectedTotals(a)).toEqual(expectedTotals(c))
  })

  it('small scale: 30-60 nodes per cluster, 100-200 pods, the edge cases present', () => {
    const f = buildFleet({ scale: 'small', seed: 42 })
    for (const cl of CLUSTER_NAMES) {
      const t = expectedTotals(f, cl)
      expect(t.nodes).toBeGreaterThanOrEqual(30)
      expect(t.nodes).toBeLessThanOrEqual(60)
    }
    const t = expectedTotals(f)
    expect(t.pods).toBeGreaterThanOrEqual(100)
    expect(t.pods).toBeLessThanOrEqual(200)
    expect(t.cordoned).toBeGreaterThan(0)
    expect(t.notReady).toBeGreaterThan(0)
    expect(t.gpuAllocatable).toBeLessThan(t.gpuCapacity) // a degraded node
    expect(f.nodes.some((n) => n.gpu && n.capacity['nvidia.com/gpu'] === '0')).toBe(true)
    expect(t.mig['nvidia.com/mig-1g.5gb']).toBeGreaterThan(0)
    expect(t.draDevices).toBeGreaterThan(0)
    expect(t.unschedulablePods).toBeGreaterThan(0)
  })

  it('bench scale: ~5,000 GPU nodes, ~40,000 GPUs, ~50,000 pods', () => {
    const t = expectedTotals(buildFleet({ scale: 'bench', seed: 42 }))
    expect(t.gpuNodes).toBeGreaterThanOrEqual(4900)
    expect(t.gpuNodes).toBeLessThanOrEqual(5100)
    expect(t.physicalGpus).toBeGreaterThan(35_000)
    expect(t.pods).toBeGreaterThan(48_000)
    expect(t.pods).toBeLessThan(52_000)
  })

  it('uses DNS-label-safe names and weighted canary splits', () => {
    const f = buildFleet({ scale: 'small', seed: 42 })
    for (const m of MODELS) {
      expect(m.id).toMatch(DNS_LABEL)
      expect(TEAMS.map((t) => t.id)).toContain(m.team)
    }
    for (const d of f.deployments) expect(d.name).toMatch(DNS_LABEL)
    for (const n of f.nodes) expect(n.name).toMatch(DNS_LABEL)
    for (const r of f.routes) {
      expect(r.backends.length).toBeGreaterThanOrEqual(1)
      expect(r.backends.length).toBeLessThanOrEqual(16)
      if (r.backends.length > 1) expect(r.backends.reduce((a, b) => a + b.weight, 0)).toBe(100)
    }
    expect(f.routes.some((r) => r.backends.length === 1)).toBe(true)
    expect(f.routes.some((r) => r.backends.length === 3)).toBe(true)
    expect(f.routes.some((r) => r.backends.map((b) => b.weight).join('/') === '90/10')).toBe(true)
  })

  it('fits every schedulable model server into its GPU pool with room to spare', () => {
    const f = buildFleet({ scale: 'small', seed: 42 })
    for (const cl of CLUSTER_NAMES) {
      for (const kind of ['H100', 'L4'] as const) {
        const supply = f.nodes
          .filter((n) => n.cluster === cl && n.gpu === kind && !n.cordoned && !n.notReady && !n.dra)
          .reduce((a, n) => a + Number(n.allocatable['nvidia.com/gpu'] ?? 0), 0)
        const demand = f.deployments
          .filter(
            (d) =>
              d.cluster === cl &&
              d.gpu === kind &&
              !d.dra &&
              !d.unschedulable &&
              d.resource === 'nvidia.com/gpu',
          )
          .reduce((a, d) => a + d.replicas * d.perPod, 0)
        expect(demand).toBeLessThanOrEqual(supply * 0.8)
      }
    }
    expect(POOLS.filter((p) => p.dra).length).toBeGreaterThan(0)
  })
})
