import { describe, expect, it } from 'vitest'
import { CLUSTER_NAMES, expectedTotals, GPU_RESOURCE, L, MIG_1G, MIG_3G } from '../../../dev/seed/fleet'
import { consoleKc, rawRequest, seededFleet } from './helpers'

interface NodeItem {
  metadata: { name: string; labels?: Record<string, string> }
  spec?: { unschedulable?: boolean }
  status?: {
    capacity?: Record<string, string>
    allocatable?: Record<string, string>
    conditions?: { type: string; status: string }[]
  }
}

async function listAll<T>(kc: ReturnType<typeof consoleKc>, path: string): Promise<T[]> {
  const out: T[] = []
  let cont = ''
  do {
    const res = await rawRequest(
      kc,
      'GET',
      `${path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
    )
    expect(res.status, res.body.slice(0, 300)).toBe(200)
    const body = res.json()
    out.push(...(body.items as T[]))
    cont = body.metadata?.continue ?? ''
  } while (cont)
  return out
}

// What the console reads (with its own, read-only identity) must equal what was seeded.
describe.each(CLUSTER_NAMES)('seeded inventory of %s', (cluster) => {
  it('GPU nodes and nvidia.com/gpu capacity match fleet.ts', async () => {
    const fleet = await seededFleet(cluster)
    const exp = expectedTotals(fleet, cluster)
    const nodes = (await listAll<NodeItem>(consoleKc(cluster), '/api/v1/nodes')).filter(
      (n) => n.metadata.labels?.[L.seeded] === 'true',
    )
    const num = (v?: string) => (v ? Number(v) : 0)
    const gpuNodes = nodes.filter((n) => n.metadata.labels?.[L.gpuProduct])
    expect(nodes.length).toBe(exp.nodes)
    expect(gpuNodes.length).toBe(exp.gpuNodes)
    expect(nodes.reduce((a, n) => a + num(n.status?.capacity?.[GPU_RESOURCE]), 0)).toBe(exp.gpuCapacity)
    expect(nodes.reduce((a, n) => a + num(n.status?.allocatable?.[GPU_RESOURCE]), 0)).toBe(exp.gpuAllocatable)
    expect(gpuNodes.reduce((a, n) => a + num(n.metadata.labels?.[L.gpuCount]), 0)).toBe(exp.physicalGpus)
    for (const r of [MIG_1G, MIG_3G])
      expect(nodes.reduce((a, n) => a + num(n.status?.capacity?.[r]), 0)).toBe(exp.mig[r])
    expect(nodes.filter((n) => n.spec?.unschedulable).length).toBe(exp.cordoned)
    const notReady = nodes.filter(
      (n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True',
    )
    expect(notReady.length).toBe(exp.notReady)
  })

  it('DRA ResourceSlices publish the expected devices', async () => {
    const fleet = await seededFleet(cluster)
    const exp = expectedTotals(fleet, cluster)
    const slices = await listAll<{
      spec: { driver: string; devices?: { name: string; attributes: Record<string, unknown> }[] }
    }>(consoleKc(cluster), '/apis/resource.k8s.io/v1/resourceslices')
    const devices = slices
      .filter((s) => s.spec.driver === 'gpu.nvidia.com')
      .flatMap((s) => s.spec.devices ?? [])
    expect(devices.length).toBe(exp.draDevices)
    for (const d of devices) {
      expect(d.name).toMatch(/^gpu-\d+$/)
      expect(d.attributes).toHaveProperty('productName')
      expect(d.attributes).toHaveProperty('uuid')
    }
  })

  it('every HTTPRoute backend is an InferencePool that exists, and canary splits are weighted', async () => {
    const fleet = await seededFleet(cluster)
    const routes = await listAll<{
      metadata: { name: string; namespace: string; labels?: Record<string, string> }
      spec: { rules: { backendRefs: { group: string; kind: string; name: string; weight: number }[] }[] }
    }>(consoleKc(cluster), '/apis/gateway.networking.k8s.io/v1/httproutes')
    const pools = await listAll<{ metadata: { name: string; namespace: string } }>(
      consoleKc(cluster),
      '/apis/inference.networking.k8s.io/v1/inferencepools',
    )
    const poolKeys = new Set(pools.map((p) => `${p.metadata.namespace}/${p.metadata.name}`))
    const seeded = routes.filter((r) => r.metadata.labels?.[L.seeded] === 'true')
    expect(seeded.length).toBe(fleet.routes.filter((r) => r.cluster === cluster).length)
    for (const r of seeded) {
      for (const b of r.spec.rules[0]!.backendRefs) {
        expect(b.kind).toBe('InferencePool')
        expect(b.group).toBe('inference.networking.k8s.io')
        expect(poolKeys.has(`${r.metadata.namespace}/${b.name}`)).toBe(true)
      }
    }
  })
})
