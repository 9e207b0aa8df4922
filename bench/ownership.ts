/**
 * What ownership derivation (lib/k8s/ownership.ts) costs the watch cache: it runs once per object
 * when the cache projects it (list and every watch event), never on a read. Generates HTTPRoutes
 * and Deployments with realistic metadata (three managedFields entries, GitOps labels on a share,
 * a last-applied annotation on another), then times the projection with and without the owner.
 *
 *   PATH=node_modules/.bin:$PATH tsx --conditions=react-server bench/ownership.ts [--routes 5000] [--deployments 5000] [--rounds 15]
 *
 * Prints: ms per full projection pass (p50 over rounds) with and without ownership, the difference,
 * and that difference against the measured cold sync of bench/routes-page.ts. Target (issue 14):
 * ≤ 5% of cold sync; ≤ 1 ms p95 on a warm read (ownership adds no work to a read).
 */
import { FIELD, ownerOf } from '@/lib/k8s/ownership'
import { projectDeployment, projectHTTPRoute } from '@/lib/k8s/watch/project'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}
const ROUTES = arg('routes', 5000)
const DEPLOYMENTS = arg('deployments', 5000)
const ROUNDS = arg('rounds', 15)

const fields = (manager: string, f: unknown, time: string, operation = 'Update') => ({
  manager,
  operation,
  apiVersion: 'v1',
  time,
  fieldsType: 'FieldsV1',
  fieldsV1: f,
})

function metadata(i: number, spec: Record<string, unknown>) {
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': `m-${i % 50}`,
    'aire.dev/team': `t-${i % 40}`,
  }
  const annotations: Record<string, string> = {}
  if (i % 4 === 0) labels['argocd.argoproj.io/instance'] = `app-${i % 40}`
  if (i % 4 === 1) labels['kustomize.toolkit.fluxcd.io/name'] = `ks-${i % 40}`
  if (i % 4 === 2)
    annotations['kubectl.kubernetes.io/last-applied-configuration'] = JSON.stringify({ spec }).slice(0, 600)
  return {
    name: `obj-${i}`,
    namespace: `ns-${i % 40}`,
    uid: `uid-${i}`,
    resourceVersion: String(1000 + i),
    generation: 3,
    labels,
    annotations,
    managedFields: [
      fields(
        'kubectl-client-side-apply',
        { 'f:metadata': { 'f:labels': {} }, 'f:spec': { 'f:rules': {}, 'f:template': {} } },
        '2026-12-01T10:00:00Z',
      ),
      fields(
        i % 4 === 0 ? 'argocd-controller' : 'kube-controller-manager',
        { 'f:spec': { 'f:rules': {}, 'f:replicas': {} } },
        '2026-12-05T10:00:00Z',
        'Apply',
      ),
      {
        ...fields('gateway-controller', { 'f:status': { 'f:parents': {} } }, '2026-12-06T10:00:00Z'),
        subresource: 'status',
      },
    ],
  }
}

const routes = Array.from({ length: ROUTES }, (_, i) => {
  const spec = {
    parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
    rules: [
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: `p-${i}-a`, weight: 90 },
          { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: `p-${i}-b`, weight: 10 },
        ],
      },
    ],
  }
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: metadata(i, spec), spec }
})
const deployments = Array.from({ length: DEPLOYMENTS }, (_, i) => {
  const spec = {
    replicas: 2,
    selector: { matchLabels: { app: `d-${i}` } },
    template: {
      metadata: { labels: { app: `d-${i}` } },
      spec: {
        containers: [
          { name: 'vllm', image: 'vllm/vllm-openai:v0.9', resources: { limits: { 'nvidia.com/gpu': '1' } } },
        ],
      },
    },
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(i, spec),
    spec,
    status: { replicas: 2, readyReplicas: 2 },
  }
})

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function time(fn: () => void): number {
  const samples: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now()
    fn()
    samples.push(performance.now() - t)
  }
  return p50(samples)
}

let sink = 0
const withOwner = time(() => {
  for (const r of routes) sink += projectHTTPRoute(r).rules.length
  for (const d of deployments) sink += projectDeployment(d).replicas
})
const ownerOnly = time(() => {
  for (const r of routes) sink += ownerOf(r.metadata, FIELD.routeWeights).label.length
  for (const d of deployments) sink += ownerOf(d.metadata, FIELD.deploymentTemplate).label.length
})
// The cold sync of the routes benchmark (docs/OPERATIONS.md, bench/routes-page.ts, 5,001 routes).
const COLD_SYNC_MS = Number(process.env.AIRE_BENCH_COLD_SYNC_MS ?? 184)
console.log(
  `ownership derivation: ${ROUTES} HTTPRoutes + ${DEPLOYMENTS} Deployments, p50 of ${ROUNDS} passes`,
)
console.log(`  projection with ownership: ${withOwner.toFixed(1)} ms`)
console.log(
  `  ownership alone:           ${ownerOnly.toFixed(1)} ms (${((ownerOnly / withOwner) * 100).toFixed(1)}% of projection)`,
)
console.log(
  `  per 5,000 routes against the routes benchmark's cold sync (${COLD_SYNC_MS} ms): ${(((ownerOnly * ROUTES) / (ROUTES + DEPLOYMENTS) / COLD_SYNC_MS) * 100).toFixed(1)}%`,
)
console.log(`  warm reads: 0 ms added (the owner is computed at projection and read as a field)`)
if (sink === 42) console.log('')
