/**
 * Watch-cache benchmark against the local clusters.
 *
 *   PATH=node_modules/.bin:$PATH NODE_OPTIONS=--expose-gc \
 *     AIRE_KUBECONFIG=$(bash dev/cluster/cluster.sh status | sed -n 's/^console-kubeconfig: //p') \
 *     tsx --conditions=react-server bench/fleet-cache.ts [--rounds 20] [--concurrency 20] [--synthetic-pods 50000]
 *
 * Prints: cold sync time of the cache vs `kubectl get nodes,pods -A -o json` (same credentials, one
 * cluster at a time), RSS after sync, p50/p95 of the fleet summary and a filtered GPUs query under
 * N concurrent calls (memoised and recomputed), and the store size of a synthetic 50k-pod/5k-node fleet.
 * `--conditions=react-server` lets `server-only` modules load outside Next.
 */
import { spawn } from 'node:child_process'
import { homedir } from 'node:os'
import path from 'node:path'
import { clusterNames } from '@/lib/k8s/clusters'
import { stopWatchCache, watchCache } from '@/lib/k8s/watch/cache'
import { projectNode, projectPod } from '@/lib/k8s/watch/project'
import type { NodeLite, PodLite } from '@/lib/k8s/watch/types'
import { fleetSummary } from '@/lib/fleet/fleet-summary'
import { parseGpuQuery } from '@/lib/fleet/gpu-query'
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

/** Store size of a synthetic fleet: raw objects shaped like the seeded vLLM pods and GPU nodes, projected. */
function syntheticStore(pods: number, nodes: number): { bytes: number; perPod: number } {
  gc()
  const before = process.memoryUsage().heapUsed
  const nodeStore = new Map<string, NodeLite>()
  const podStore = new Map<string, PodLite>()
  for (let i = 0; i < nodes; i++) {
    const name = `gpu-east-h100-a-${String(i).padStart(4, '0')}`
    nodeStore.set(
      name,
      projectNode({
        metadata: {
          name,
          labels: {
            'aire.dev/pool': 'h100-a',
            'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
            'nvidia.com/gpu.memory': '81559',
            'nvidia.com/gpu.count': '8',
            'topology.kubernetes.io/zone': 'us-east4-a',
            'kubernetes.io/hostname': name,
          },
          creationTimestamp: '2026-11-27T12:00:00Z',
        },
        spec: {},
        status: {
          capacity: { cpu: '208', memory: '1872Gi', 'nvidia.com/gpu': '8' },
          allocatable: { cpu: '206', memory: '1864Gi', 'nvidia.com/gpu': '8' },
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
    )
  }
  for (let i = 0; i < pods; i++) {
    const ns = `team-${['assistant', 'search', 'vision'][i % 3]}`
    const name = `bench-${String(i % 250).padStart(4, '0')}-v1-7d9f8c6b5-${i.toString(36).padStart(5, 'x')}`
    podStore.set(
      `${ns}/${name}`,
      projectPod({
        metadata: {
          name,
          namespace: ns,
          labels: {
            'aire.dev/model': `bench-${String(i % 250).padStart(4, '0')}`,
            'aire.dev/version': 'v1',
            'aire.dev/track': 'stable',
            'aire.dev/team': ns.slice(5),
            'aire.dev/component': 'model-server',
            'pod-template-hash': '7d9f8c6b5',
          },
          ownerReferences: [
            { kind: 'ReplicaSet', name: `bench-${i % 250}-v1-7d9f8c6b5`, controller: true, uid: 'x' },
          ],
          creationTimestamp: '2026-11-27T12:00:00Z',
        },
        spec: {
          nodeName: `gpu-east-h100-a-${String(i % nodes).padStart(4, '0')}`,
          containers: [
            {
              name: 'vllm',
              resources: {
                requests: { cpu: '16', 'nvidia.com/gpu': '1' },
                limits: { 'nvidia.com/gpu': '1' },
              },
            },
          ],
        },
        status: {
          phase: 'Running',
          conditions: [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
        },
      }),
    )
  }
  gc()
  const bytes = process.memoryUsage().heapUsed - before
  // Keep the stores alive until measured.
  if (nodeStore.size + podStore.size < 0) console.log('unreachable')
  return { bytes, perPod: bytes / (pods + nodes) }
}

async function main() {
  const rounds = arg('rounds', 20)
  const calls = arg('concurrency', 20)
  const synthPods = arg('synthetic-pods', 50_000)
  if (!process.env.AIRE_KUBECONFIG) throw new Error('set AIRE_KUBECONFIG to the console kubeconfig')
  console.log(
    `fleet-cache bench · clusters ${clusterNames().join(', ')} · node ${process.version} · gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'on' : 'off'}`,
  )

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
  console.log(
    `\ncold sync (all 12 resources, ${cache.clusterNames().length} clusters in parallel): ${ms(syncMs)} ${synced ? '' : '(TIMED OUT)'}`,
  )
  console.log(
    `  per cluster: ${Object.entries(perCluster)
      .map(([c, t]) => `${c} ${ms(t)}`)
      .join(', ')}`,
  )
  console.log(`  objects: ${counts('nodes')} nodes, ${counts('pods')} pods`)
  for (const s of cache.cacheStatus().filter((x) => x.resource === 'pods' || x.resource === 'nodes')) {
    console.log(
      `  ${s.cluster}/${s.resource}: ${s.items} items, relists ${s.relists}, restarts ${s.restarts}${s.lastError ? `, last error ${s.lastError}` : ''}`,
    )
  }

  gc()
  const mem = process.memoryUsage()
  console.log(`RSS after sync: ${mb(mem.rss)} (before start ${mb(rss0)}), heap used ${mb(mem.heapUsed)}`)

  const k = await kubectlWall()
  const times = Object.values(k.perCluster)
  console.log(
    `kubectl get nodes,pods -A -o json, per cluster in turn: ${Object.entries(k.perCluster)
      .map(([c, t]) => `${c} ${ms(t)}`)
      .join(
        ', ',
      )} (max ${ms(Math.max(...times))}, sum ${ms(times.reduce((a, b) => a + b, 0))}) · ${mb(k.bytes)} of JSON`,
  )

  const q = parseGpuQuery(new URLSearchParams('product=NVIDIA-H100-80GB-HBM3&state=idle&sort=idle&dir=desc'))
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
  report('gpuView(H100, idle, by idle desc) — memoised', await load(() => gpuView(q), rounds, calls))
  report('fleetSummary() — recomputed each round', await load(() => fleetSummary(), rounds, calls, forget))
  report('gpuView(…) — recomputed each round', await load(() => gpuView(q), rounds, calls, forget))
  const v = await gpuView(q)
  console.log(`  (filtered query returns ${v.rows.length} of ${v.totalRows} GPU nodes)`)

  stopWatchCache()
  const s = syntheticStore(synthPods, Math.round(synthPods / 10))
  console.log(
    `\nsynthetic store: ${synthPods} pods + ${Math.round(synthPods / 10)} nodes projected = ${mb(s.bytes)} of heap (${s.perPod.toFixed(0)} B/object)`,
  )
  console.log(`RSS now: ${mb(process.memoryUsage().rss)}`)
  process.exit(0)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
