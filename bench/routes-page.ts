/**
 * Routes page data at fleet scale: 5,000 HTTPRoutes over 3 clusters (with their InferencePools,
 * Services, namespaces and a ReferenceGrant per team), served by a synthetic API server to the real
 * watch cache, then the Routes page's data path (lib/fleet/read-fleet.ts routesView: resolve every
 * backend by the one rule, filter, page) under concurrent calls.
 *
 *   PATH=node_modules/.bin:$PATH tsx --conditions=react-server bench/routes-page.ts [--routes 5000] [--clusters 3] [--calls 400] [--concurrency 20]
 *
 * Prints: sync time, the cold build (first call, and after any route change), and p50/p95 of warm
 * calls with varied filters and pages. Target (issue 18.7): warm p95 ≤ 150 ms.
 */
import { WatchCache } from '@/lib/k8s/watch/cache'
import type { Transport } from '@/lib/k8s/watch/transport'
import { routesView } from '@/lib/fleet/read-fleet'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
const ms = (n: number) => `${n.toFixed(1)} ms`

const ROUTES = arg('routes', 5000)
const CLUSTERS = arg('clusters', 3)
const CALLS = arg('calls', 400)
const CONCURRENCY = arg('concurrency', 20)
const TEAMS = 40
const perCluster = Math.ceil(ROUTES / CLUSTERS)

function objects(kind: string): unknown[] {
  const team = (i: number) => `team-${i % TEAMS}`
  switch (kind) {
    case 'namespaces':
      return Array.from({ length: TEAMS }, (_, t) => ({
        metadata: { name: `team-${t}`, labels: { 'aire.dev/team': `t${t}` } },
      }))
    case 'httproutes':
      return Array.from({ length: perCluster }, (_, i) => ({
        metadata: { name: `route-${i}`, namespace: team(i), resourceVersion: '1' },
        spec: {
          parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
          hostnames: [`m${i}.llm.example.com`],
          rules: [
            {
              matches: [
                { path: { type: 'PathPrefix', value: '/' }, headers: [{ name: 'x-canary', value: 'true' }] },
              ],
              backendRefs: [
                {
                  group: 'inference.networking.k8s.io',
                  kind: 'InferencePool',
                  name: `m${i}-v2`,
                  weight: 100,
                },
              ],
            },
            {
              backendRefs: [
                { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: `m${i}-v1`, weight: 90 },
                { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: `m${i}-v2`, weight: 10 },
                // Every tenth route also reaches a shared pool in another namespace.
                ...(i % 10 === 0
                  ? [
                      {
                        group: 'inference.networking.k8s.io',
                        kind: 'InferencePool',
                        name: 'shared',
                        namespace: 'team-0',
                        weight: 0,
                      },
                    ]
                  : []),
              ],
            },
          ],
        },
        status: {
          parents: [
            {
              conditions: [
                { type: 'Accepted', status: 'True' },
                { type: 'ResolvedRefs', status: 'True' },
              ],
            },
          ],
        },
      }))
    case 'inferencepools':
      return Array.from({ length: perCluster * 2 }, (_, j) => {
        const i = Math.floor(j / 2)
        const v = j % 2 ? 'v2' : 'v1'
        return {
          metadata: {
            name: `m${i}-${v}`,
            namespace: team(i),
            labels: { 'aire.dev/track': v === 'v1' ? 'stable' : 'canary' },
          },
          spec: { selector: { matchLabels: { m: `m${i}` } }, targetPorts: [{ number: 8000 }] },
        }
      })
    case 'services':
      return Array.from({ length: perCluster }, (_, i) => ({
        metadata: { name: `m${i}-epp`, namespace: team(i) },
      }))
    case 'referencegrants':
      return Array.from({ length: TEAMS / 2 }, (_, t) => ({
        metadata: { name: 'from-routes', namespace: 'team-0' },
        spec: {
          from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: `team-${t * 2}` }],
          to: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool' }],
        },
      })).map((g, t) => ({ ...g, metadata: { ...g.metadata, name: `from-routes-${t}` } }))
    default:
      return []
  }
}

const PAGE = 500
const transport: Transport = {
  async get(path) {
    const url = new URL(path, 'https://x')
    const kind = url.pathname.split('/').at(-1) ?? ''
    const all = objects(kind)
    const start = Number(url.searchParams.get('continue') ?? 0)
    const items = all.slice(start, start + PAGE)
    const next = start + PAGE < all.length ? String(start + PAGE) : undefined
    return {
      status: 200,
      body: JSON.parse(JSON.stringify({ items, metadata: { continue: next, resourceVersion: '1' } })),
    }
  },
  async stream() {
    let wake = () => {}
    async function* body(): AsyncGenerator<Buffer> {
      await new Promise<void>((r) => (wake = r))
    }
    return { status: 200, body: body(), close: () => wake() }
  },
}

async function main() {
  const clusters = Array.from({ length: CLUSTERS }, (_, i) => `synthetic-${i}`)
  const t0 = performance.now()
  const cache = new WatchCache({ clusters, transport: () => transport }).start()
  ;(globalThis as { aireWatchCache?: WatchCache }).aireWatchCache = cache
  await cache.whenSynced()
  console.log(`routes page data: ${perCluster * CLUSTERS} HTTPRoutes over ${CLUSTERS} clusters`)
  console.log(`  sync through the reflectors: ${ms(performance.now() - t0)}`)

  const c0 = performance.now()
  const first = await routesView({ page: 1 })
  console.log(
    `  cold (first call; also what a route change costs once): ${ms(performance.now() - c0)}, ${first.total} routes, ${first.pages} pages`,
  )

  const queries = Array.from({ length: CALLS }, (_, i) => ({
    cluster: i % 3 === 0 ? clusters[i % CLUSTERS] : undefined,
    namespace: i % 4 === 0 ? `team-${i % TEAMS}` : undefined,
    q: i % 5 === 0 ? `route-${i % 97}` : undefined,
    page: 1 + (i % 20),
  }))
  const times: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < queries.length) {
        const q = queries[next++]!
        const s = performance.now()
        const v = await routesView(q)
        // The page serialises what it renders; count that too.
        JSON.stringify(v.rows)
        times.push(performance.now() - s)
      }
    }),
  )
  times.sort((a, b) => a - b)
  console.log(
    `  warm, ${CALLS} calls × ${CONCURRENCY} concurrent, varied filters and pages: p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, max ${ms(times.at(-1) ?? NaN)} (target p95 ≤ 150 ms)`,
  )
  cache.stop()
  process.exit(0)
}

void main()
