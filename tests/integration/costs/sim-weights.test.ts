import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { metricsStack } from './stack'

// The simulator reads the live HTTPRoute weights: shifting them moves which version's metrics grow.
const stack = metricsStack()
const CLUSTER = 'gpu-east'
const NS = 'team-assistant'
const ROUTE = 'llama-3-1-8b'

interface SimState {
  source: 'live' | 'plan'
  routes: {
    cluster: string
    namespace: string
    name: string
    backends: { version: string; weight: number }[]
  }[]
}

let api: k8s.CustomObjectsApi
let original: { name: string; weight?: number }[] = []

async function simState(): Promise<SimState> {
  return (await (await fetch(`${stack.simUrl}/state`)).json()) as SimState
}

async function weights(): Promise<Record<string, number>> {
  const r = (await simState()).routes.find(
    (x) => x.cluster === CLUSTER && x.namespace === NS && x.name === ROUTE,
  )
  return Object.fromEntries((r?.backends ?? []).map((b) => [b.version, b.weight]))
}

async function served(version: string): Promise<number> {
  const text = await (await fetch(`${stack.simUrl}/metrics`)).text()
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('aire_requests_total{') &&
        l.includes(`cluster="${CLUSTER}"`) &&
        l.includes(`route="${ROUTE}"`) &&
        l.includes(`version="${version}"`) &&
        l.includes('code="200"'),
    )
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN
}

async function setWeights(w: number[]): Promise<void> {
  await api.patchNamespacedCustomObject(
    {
      group: 'gateway.networking.k8s.io',
      version: 'v1',
      namespace: NS,
      plural: 'httproutes',
      name: ROUTE,
      body: w.map((value, i) => ({ op: 'replace', path: `/spec/rules/0/backendRefs/${i}/weight`, value })),
    },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
  )
}

beforeAll(async () => {
  const kc = new k8s.KubeConfig()
  kc.loadFromFile(kubeconfigs().admin)
  kc.setCurrentContext(CLUSTER)
  api = kc.makeApiClient(k8s.CustomObjectsApi)
  const route = (await api.getNamespacedCustomObject({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    namespace: NS,
    plural: 'httproutes',
    name: ROUTE,
  })) as { spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] } }
  original = route.spec.rules[0]!.backendRefs
})

afterAll(async () => {
  if (original.length) await setWeights(original.map((b) => b.weight ?? 1))
})

describe('traffic simulator', () => {
  it('reads the clusters, not the fleet plan', async () => {
    expect((await simState()).source).toBe('live')
  })

  it('moves traffic to the version the route weights favour, within seconds', async () => {
    expect(original.map((b) => b.name)).toEqual([`${ROUTE}-v1`, `${ROUTE}-v2`])
    for (const [on, off, w] of [
      ['v2', 'v1', [0, 100]],
      ['v1', 'v2', [100, 0]],
    ] as const) {
      await setWeights([...w])
      await expect.poll(weights, { timeout: 30_000, interval: 1000 }).toEqual({ v1: w[0], v2: w[1] })
      const grows = await served(on)
      const still = await served(off)
      await expect.poll(() => served(on), { timeout: 60_000, interval: 2000 }).toBeGreaterThan(grows)
      expect(await served(off)).toBe(still)
    }
  })
})
