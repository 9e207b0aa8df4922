/**
 * Watch-cache benchmark against the local clusters.
 *
 *   PATH=node_modules/.bin:$PATH NODE_OPTIONS=--expose-gc \
 *     AIRE_KUBECONFIG=$(bash dev/cluster/cluster.sh status | sed -n 's/^console-kubeconfig: //p') \
 *     tsx --conditions=react-server bench/fleet-cache.ts [--rounds 20] [--concurrency 20]
 *   … bench/fleet-cache.ts --scale-pods 50000 [--scale-nodes 5000]   (synthetic scale, see syntheticScale)
 *
 * Prints: cold sync time of the cache vs `kubectl get nodes,pods -A -o json` (same credentials, one
 * cluster at a time), RSS after sync, p50/p95 of the fleet summary and a filtered GPUs query under
 * N concurrent calls (memoised and recomputed). With --scale-pods: the same through a fake API server at
 * that scale (templates cloned from the live cluster), for the memory target.
 * `--conditions=react-server` lets `server-only` modules load outside Next.
 */
import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import path from 'node:path'
import { clusterNames } from '@/lib/k8s/clusters'
import { stopWatchCache, watchCache, WatchCache } from '@/lib/k8s/watch/cache'
import { k8sRequest } from '@/lib/k8s/request'
import type { Transport } from '@/lib/k8s/watch/transport'
import { fleetSummary } from '@/lib/fleet/fleet-summary'
import { parseGpuQuery } from '@/lib/validations/gpu-query'
import { gpuView } from '@/lib/fleet/read-fleet'

const KUBECTL = process.env.KUBECTL ?? path.join(homedir(), '.cache/aire-console/bin/v1.36.3/kubectl')

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`
const ms = (n: number) => `${n.toFixed(1)} ms`
const gc = () => (globalThis as { gc?: () => void }).gc?.()

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/**
 * `kubectl get nodes,pods -A -o json` per cluster, one after the other (two at once would hold two
 * full JSON lists in memory); output is counted and discarded, not buffered.
 */
async function kubectlWall(): Promise<{ perCluster: Record<string, number>; bytes: number }> {
  const file = process.env.AIRE_KUBECONFIG!
  const perCluster: Record<string, number> = {}
  let bytes = 0
  for (const ctx of clusterNames()) {
    const t = performance.now()
    const child = spawn(
      KUBECTL,
      ['--kubeconfig', file, '--context', ctx, 'get', 'nodes,pods', '-A', '-o', 'json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let err = ''
    child.stdout.on('data', (c: Buffer) => (bytes += c.length))
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    perCluster[ctx] = code === 0 ? performance.now() - t : NaN
    if (code !== 0) console.log(`  kubectl on ${ctx} failed (exit ${code}): ${err.split('\n')[0]}`)
  }
  return { perCluster, bytes }
}

/** Latencies of `calls` concurrent invocations, `rounds` times. */
async function load(
  fn: () => Promise<unknown>,
  rounds: number,
  calls: number,
  before?: () => void,
): Promise<number[]> {
  const out: number[] = []
  for (let r = 0; r < rounds; r++) {
    before?.()
    await Promise.all(
      Array.from({ length: calls }, async () => {
        const t = performance.now()
        await fn()
        out.push(performance.now() - t)
      }),
    )
  }
  return out.sort((a, b) => a - b)
}

function report(label: string, lat: number[]) {
  console.log(
    `  ${label.padEnd(44)} p50 ${ms(pct(lat, 50)).padStart(9)}  p95 ${ms(pct(lat, 95)).padStart(9)}  max ${ms(lat.at(-1) ?? NaN).padStart(9)}`,
  )
}

/** Queries under load: memoised (cache unchanged) and recomputed (as right after a change). */
async function queries(rounds: number, calls: number) {
  // The most common product, idle nodes only, most idle first: a typical "where can I run this" query.
  const product = (await gpuView(parseGpuQuery({}))).summary.byProduct[0]?.key ?? ''
  const q = parseGpuQuery(new URLSearchParams({ product, state: 'idle', sort: 'idle', dir: 'desc' }))
  // Drops every memo, as if the cache had just changed: the next call rebuilds the inventory.
  const forget = () => {
    const memo = (
      globalThis as { aireFleetMemos?: { gpus?: unknown; models?: unknown; views: Map<string, unknown> } }
    ).aireFleetMemos
    if (!memo) return
    delete memo.gpus
    delete memo.models
    memo.views.clear()
  }
  await fleetSummary()
  console.log(`\n${calls} concurrent calls × ${rounds} rounds:`)
  report('fleetSummary() — memoised on cache version', await load(() => fleetSummary(), rounds, calls))
  report('gpuView(product, idle, by idle desc) — memoised', await load(() => gpuView(q), rounds, calls))
  report('fleetSummary() — recomputed each round', await load(() => fleetSummary(), rounds, calls, forget))
  report('gpuView(…) — recomputed each round', await load(() => gpuView(q), rounds, calls, forget))
  const v = await gpuView(q)
  console.log(`  (filtered query: ${product}, idle → ${v.rows.length} of ${v.totalRows} GPU nodes)`)
}

/**
 * The real reflectors and inventory at a scale the local clusters do not have: a fake API server
 * serves pages of clones of a real seeded model-server pod and a real GPU node (JSON-encoded and
 * parsed again, as on the wire), so parsing, projection and store sizes are those of real objects.
 */
async function syntheticScale(pods: number, nodes: number, rounds: number, calls: number) {
  const from = clusterNames()[0]!
  const one = async (path: string) => {
    const r = await k8sRequest<{ items?: Record<string, unknown>[] }>(from, { method: 'GET', path })
    const item = r.body.items?.[0]
    if (!item) throw new Error(`no template object at ${path}`)
    return JSON.stringify(item)
  }
  const podTpl = await one('/api/v1/pods?labelSelector=aire.dev%2Fcomponent%3Dmodel-server&limit=1')
  const nodeTpl = await one('/api/v1/nodes?labelSelector=nvidia.com%2Fgpu.product&limit=1')
  console.log(
    `synthetic scale: ${pods} pods (${podTpl.length} B of JSON each) on ${nodes} nodes (${nodeTpl.length} B each)`,
  )
  const nodeName = (i: number) => `synthetic-gpu-${String(i).padStart(5, '0')}`
  const make = (kind: 'pods' | 'nodes', i: number): unknown => {
    const o = JSON.parse(kind === 'pods' ? podTpl : nodeTpl) as {
      metadata: { name: string; uid?: string; labels?: Record<string, string> }
      spec: { nodeName?: string }
    }
    o.metadata.uid = `${kind}-${i}`
    if (kind === 'nodes') {
      o.metadata.name = nodeName(i)
      if (o.metadata.labels) o.metadata.labels['kubernetes.io/hostname'] = o.metadata.name
    } else {
      o.metadata.name = `${o.metadata.name}-${i.toString(36)}`
      // Pods on the first 80% of the nodes; the rest stay idle so filtered queries return rows.
      o.spec.nodeName = nodeName(i % Math.max(1, Math.floor(nodes * 0.8)))
    }
    return o
  }
  const PAGE = 500
  const transport: Transport = {
    async get(path) {
      const url = new URL(path, 'https://x')
      const kind = url.pathname.endsWith('/pods') ? 'pods' : url.pathname.endsWith('/nodes') ? 'nodes' : null
      const total = kind === 'pods' ? pods : kind === 'nodes' ? nodes : 0
      const start = Number(url.searchParams.get('continue') ?? 0)
      const count = Math.max(0, Math.min(PAGE, total - start))
      const items = Array.from({ length: count }, (_, j) => make(kind!, start + j))
      const next = start + PAGE < total ? String(start + PAGE) : undefined
      // Through JSON text and back, as k8sRequest does with the API server's answer.
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
  gc()
  const rss0 = process.memoryUsage().rss
  const t0 = performance.now()
  const cache = new WatchCache({ clusters: ['synthetic'], transport: () => transport }).start()
  // The read functions use the process-wide cache: point it at this one.
  ;(globalThis as { aireWatchCache?: WatchCache }).aireWatchCache = cache
  await cache.whenSynced()
  const syncMs = performance.now() - t0
  gc()
  const mem = process.memoryUsage()
  console.log(`  sync through the reflectors: ${ms(syncMs)}`)
  console.log(`  RSS after sync: ${mb(mem.rss)} (before ${mb(rss0)}), heap used ${mb(mem.heapUsed)}`)
  await queries(rounds, calls)
  gc()
  console.log(`  RSS after the queries: ${mb(process.memoryUsage().rss)}`)
  cache.stop()
}

async function main() {
  const rounds = arg('rounds', 20)
  const calls = arg('concurrency', 20)
  const scalePods = arg('scale-pods', 0)
  if (!process.env.AIRE_KUBECONFIG) throw new Error('set AIRE_KUBECONFIG to the console kubeconfig')
  const gcOn = typeof (globalThis as { gc?: unknown }).gc === 'function'
  console.log(
    `fleet-cache bench · clusters ${clusterNames().join(', ')} · node ${process.version} · gc ${gcOn ? 'on' : 'off'}`,
  )
  if (scalePods > 0) {
    await syntheticScale(scalePods, arg('scale-nodes', Math.round(scalePods / 10)), rounds, calls)
    process.exit(0)
  }

  gc()
  const rss0 = process.memoryUsage().rss
  const t0 = performance.now()
  const cache = watchCache()
  const perCluster: Record<string, number> = {}
  await Promise.all(
    cache.clusterNames().map(async (c) => {
      await cache.whenSynced({ clusters: [c], timeoutMs: 600_000 })
      perCluster[c] = performance.now() - t0
    }),
  )
  const synced = await cache.whenSynced({ timeoutMs: 0 })
  const syncMs = performance.now() - t0
  const counts = (kind: 'nodes' | 'pods') =>
    cache.clusterNames().reduce((a, c) => a + cache.store(c, kind).size, 0)
  const n = cache.clusterNames().length
  console.log(
    `\ncold sync (all 12 resources, ${n} clusters in parallel): ${ms(syncMs)} ${synced ? '' : '(TIMED OUT)'}`,
  )
  console.log(
    `  per cluster: ${Object.entries(perCluster)
      .map(([c, t]) => `${c} ${ms(t)}`)
      .join(', ')}`,
  )
  console.log(`  objects: ${counts('nodes')} nodes, ${counts('pods')} pods`)
  for (const s of cache.cacheStatus().filter((x) => x.resource === 'pods' || x.resource === 'nodes')) {
    const err = s.lastError ? `, last error ${s.lastError}` : ''
    console.log(
      `  ${s.cluster}/${s.resource}: ${s.items} items, relists ${s.relists}, restarts ${s.restarts}${err}`,
    )
  }
  gc()
  const mem = process.memoryUsage()
  console.log(`RSS after sync: ${mb(mem.rss)} (before start ${mb(rss0)}), heap used ${mb(mem.heapUsed)}`)

  const k = await kubectlWall()
  const times = Object.values(k.perCluster)
  const each = Object.entries(k.perCluster).map(([c, t]) => `${c} ${ms(t)}`)
  const sum = times.reduce((a, b) => a + b, 0)
  console.log(
    `kubectl get nodes,pods -A -o json, one cluster at a time: ${each.join(', ')} (max ${ms(Math.max(...times))}, sum ${ms(sum)}) · ${mb(k.bytes)} of JSON`,
  )

  await queries(rounds, calls)
  stopWatchCache()
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
