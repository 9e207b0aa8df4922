/**
 * InferenceObjectives against the real API server: the watch cache picks up an objective of
 * whichever group the cluster serves (llm-d.ai when its CRD is installed, else the older
 * inference.networking.x-k8s.io) and the Models and Routes views list it under its pool; the group
 * that is not installed is tolerated quietly (synced, "not served", the cluster still connected).
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl } from '@/harness/kubectl'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const id = randomUUID().slice(0, 6)
const NS = `io-${id}`
const MODEL = `io-model-${id}`

let read: typeof import('@/lib/fleet/read-fleet')
let cacheMod: typeof import('@/lib/k8s/watch/cache')
let group = ''

const apply = (obj: unknown) => kubectl(CLUSTER, ['apply', '-f', '-'], JSON.stringify(obj))
const labels = (v: string) => ({ 'aire.dev/model': MODEL, 'aire.dev/version': v })
const pool = (v: string) => ({
  apiVersion: 'inference.networking.k8s.io/v1',
  kind: 'InferencePool',
  metadata: { name: `${MODEL}-${v}`, namespace: NS },
  spec: { selector: { matchLabels: labels(v) }, targetPorts: [{ number: 8000 }] },
})
const objective = (name: string, v: string, priority?: number) => ({
  apiVersion: `${group}/v1alpha2`,
  kind: 'InferenceObjective',
  metadata: { name, namespace: NS },
  spec: { poolRef: { name: `${MODEL}-${v}` }, ...(priority === undefined ? {} : { priority }) },
})

/** Polls `get` until `ok` holds (the watch delivers within a second or two). */
async function until<T>(get: () => Promise<T>, ok: (t: T) => boolean, what: string): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = await get()
    if (ok(v)) return v
    if (Date.now() - t0 > 20_000) throw new Error(`${what} not as expected: ${JSON.stringify(v)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const routeRow = () =>
  read.routesView({ cluster: CLUSTER, namespace: NS, q: MODEL, page: 1 }).then((v) => v.rows[0])
const modelVersion = (v: string) =>
  read
    .modelsView({ cluster: CLUSTER, q: MODEL })
    .then((m) => m.models[0]?.versions.find((x) => x.version === v))

beforeAll(async () => {
  process.env.AIRE_KUBECONFIG = kubeconfigs().console
  const served = kubectl(CLUSTER, ['api-resources', '-o', 'name']).split('\n')
  group = served.includes('inferenceobjectives.llm-d.ai')
    ? 'llm-d.ai'
    : served.includes('inferenceobjectives.inference.networking.x-k8s.io')
      ? 'inference.networking.x-k8s.io'
      : ''
  if (!group) throw new Error('no InferenceObjective CRD installed: run `bash dev/cluster/cluster.sh up`')
  read = await import('@/lib/fleet/read-fleet')
  cacheMod = await import('@/lib/k8s/watch/cache')
  kubectl(CLUSTER, ['create', 'namespace', NS])
  for (const v of ['v1', 'v2']) {
    apply(pool(v))
    apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${MODEL}-${v}`, namespace: NS, labels: labels(v) },
      spec: {
        replicas: 0,
        selector: { matchLabels: labels(v) },
        template: {
          metadata: { labels: { ...labels(v), 'aire.dev/component': 'model-server' } },
          spec: { containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.10.1' }] },
        },
      },
    })
  }
  apply({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: MODEL, namespace: NS },
    spec: {
      parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
      rules: [
        {
          backendRefs: ['v1', 'v2'].map((v, i) => ({
            group: 'inference.networking.k8s.io',
            kind: 'InferencePool',
            name: `${MODEL}-${v}`,
            weight: i === 0 ? 90 : 10,
          })),
        },
      ],
    },
  })
}, 60_000)

afterAll(async () => {
  kubectl(CLUSTER, ['delete', 'namespace', NS, '--wait=false'])
  cacheMod?.stopWatchCache()
})

describe('fleet: InferenceObjectives per pool', () => {
  it('a new objective shows under its pool on Routes and Models, by priority; a pool without any lists none', async () => {
    apply(objective('chat-premium', 'v1', 10))
    apply(objective('batch', 'v1', -1))
    const t0 = Date.now()
    const row = await until(
      routeRow,
      (r) => r?.rules[0]?.backends[0]?.objectives?.length === 2,
      'route backends',
    )
    const ms = Date.now() - t0
    const [v1, v2] = row!.rules[0]!.backends
    expect(v1!.objectives).toEqual([
      { name: 'chat-premium', priority: 10, group },
      { name: 'batch', priority: -1, group },
    ])
    expect(v2!.objectives).toEqual([])
    expect(row!.objectivesServed).toBe(true)

    const version = await until(
      () => modelVersion('v1'),
      (v) => v?.objectives[`${NS}/${MODEL}-v1`]?.length === 2,
      'model version',
    )
    expect(version!.objectives[`${NS}/${MODEL}-v1`]!.map((o) => o.name)).toEqual(['chat-premium', 'batch'])
    expect((await modelVersion('v2'))!.objectives).toEqual({ [`${NS}/${MODEL}-v2`]: [] })
    console.info(`objectives: 2 applied, on the Routes view ${ms} ms later (group ${group})`)
  })

  it('follows changes: a new priority reorders, a deleted objective leaves, an unset priority stays unset', async () => {
    apply(objective('batch', 'v1', 20))
    await until(routeRow, (r) => r?.rules[0]?.backends[0]?.objectives?.[0]?.name === 'batch', 'reorder')
    kubectl(CLUSTER, ['delete', `inferenceobjectives.${group}`, 'chat-premium', '-n', NS])
    apply(objective('default', 'v2'))
    const row = await until(
      routeRow,
      (r) =>
        r?.rules[0]?.backends[0]?.objectives?.length === 1 &&
        r.rules[0].backends[1]?.objectives?.length === 1,
      'after delete',
    )
    expect(row!.rules[0]!.backends[1]!.objectives).toEqual([{ name: 'default', priority: null, group }])
  })

  it('the group that is not installed is synced, "not served" and keeps the cluster connected', () => {
    const cache = cacheMod.watchCache()
    const statuses = cache.cacheStatus().filter((s) => s.cluster === CLUSTER)
    const other = group === 'llm-d.ai' ? 'xinferenceobjectives' : 'inferenceobjectives'
    const mine = group === 'llm-d.ai' ? 'inferenceobjectives' : 'xinferenceobjectives'
    expect(statuses.find((s) => s.resource === mine)).toMatchObject({
      synced: true,
      served: true,
      connected: true,
    })
    const absent = statuses.find((s) => s.resource === other)!
    // On a cluster with both CRDs there is nothing to tolerate: both are served.
    if (!absent.served) expect(absent).toMatchObject({ synced: true, connected: false, items: 0 })
    expect(cache.clusterStatus(CLUSTER)).toMatchObject({ synced: true, connected: true, error: null })
  })
})
