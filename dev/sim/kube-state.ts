/**
 * Reads what the simulator needs from the live clusters: HTTPRoutes (their weights decide how
 * traffic splits between versions) and running model-server pods with their GPU requests.
 * Read-only, with the console's kubeconfig.
 */
import * as k8s from '@kubernetes/client-node'
import { SEED_RECORD, buildFleet, type Fleet, type FleetOptions } from '../seed/fleet'
import {
  allocateGpus,
  planTopology,
  requestFromResources,
  seededFleet,
  servedModel,
  type PodRequest,
  type SimPod,
  type SimRoute,
  type Topology,
} from './topology'

const INFERENCE_GROUP = 'inference.networking.k8s.io'

interface ClusterClients {
  name: string
  core: k8s.CoreV1Api
  custom: k8s.CustomObjectsApi
}

export function clusterClients(kubeconfig: string): ClusterClients[] {
  const base = new k8s.KubeConfig()
  base.loadFromFile(kubeconfig)
  return base.getContexts().map((c) => {
    const kc = new k8s.KubeConfig()
    kc.loadFromFile(kubeconfig)
    kc.setCurrentContext(c.name)
    return {
      name: c.name,
      core: kc.makeApiClient(k8s.CoreV1Api),
      custom: kc.makeApiClient(k8s.CustomObjectsApi),
    }
  })
}

interface RouteObject {
  metadata: { name: string; namespace: string; labels?: Record<string, string> }
  spec?: {
    rules?: {
      backendRefs?: { group?: string; kind?: string; name: string; weight?: number }[]
      matches?: { headers?: { name: string; value: string }[] }[]
    }[]
  }
}

export async function readRoutes(c: ClusterClients): Promise<SimRoute[]> {
  const list = (await c.custom.listClusterCustomObject({
    group: 'gateway.networking.k8s.io',
    version: 'v1',
    plural: 'httproutes',
  })) as { items: RouteObject[] }
  const out: SimRoute[] = []
  for (const r of list.items) {
    const rule = r.spec?.rules?.[0]
    if (!rule) continue
    const header = rule.matches?.flatMap((m) => m.headers ?? []).find((h) => h.name === 'x-ai-eg-model')
    const model = header?.value ?? servedModel(r.metadata.name)
    if (!model) continue
    const backends = (rule.backendRefs ?? [])
      .filter((b) => b.group === INFERENCE_GROUP && b.kind === 'InferencePool')
      .map((b) => ({
        pool: b.name,
        version: b.name.startsWith(`${r.metadata.name}-`) ? b.name.slice(r.metadata.name.length + 1) : b.name,
        // gateway-api v1: weight defaults to 1
        weight: b.weight ?? 1,
      }))
    out.push({
      cluster: c.name,
      namespace: r.metadata.namespace,
      name: r.metadata.name,
      team: r.metadata.labels?.['aire.dev/team'] ?? r.metadata.namespace.replace(/^team-/, ''),
      model,
      backends,
    })
  }
  return out
}

export async function readPods(c: ClusterClients): Promise<{ pod: SimPod; request: PodRequest }[]> {
  const list = await c.core.listPodForAllNamespaces({ labelSelector: 'aire.dev/component=model-server' })
  const out: { pod: SimPod; request: PodRequest }[] = []
  for (const p of list.items) {
    const labels = p.metadata?.labels ?? {}
    if (p.status?.phase !== 'Running' || !p.spec?.nodeName || !p.metadata?.name || !p.metadata.namespace)
      continue
    const modelId = labels['aire.dev/model'] ?? ''
    const version = labels['aire.dev/version'] ?? 'v1'
    const container = p.spec.containers[0]
    const arg = container?.args?.find((a) => a.startsWith('--served-model-name=') || a.startsWith('--model='))
    const model = arg?.split('=')[1] ?? servedModel(modelId) ?? modelId
    const requests = container?.resources?.requests as Record<string, string> | undefined
    out.push({
      pod: {
        cluster: c.name,
        namespace: p.metadata.namespace,
        name: p.metadata.name,
        team: labels['aire.dev/team'] ?? p.metadata.namespace.replace(/^team-/, ''),
        model,
        pool: `${modelId}-${version}`,
        version,
        node: p.spec.nodeName,
      },
      request: requestFromResources(requests, p.spec.resourceClaims?.length ?? 0),
    })
  }
  return out
}

const fleets = new Map<string, Fleet>()

/** The fleet plan the cluster was seeded with (its GPU UUIDs), from the seeder's record. */
async function seededPlan(c: ClusterClients): Promise<Fleet> {
  let opts: FleetOptions = { scale: 'small', seed: 42 }
  try {
    const cm = await c.core.readNamespacedConfigMap({
      name: SEED_RECORD.name,
      namespace: SEED_RECORD.namespace,
    })
    const o = JSON.parse(cm.data?.['options.json'] ?? '{}') as Partial<FleetOptions>
    if (o.scale === 'small' || o.scale === 'bench')
      opts = { scale: o.scale, seed: o.seed ?? 42, nodes: o.nodes, pods: o.pods }
  } catch {
    // not seeded by dev/seed: the small plan's node names will not match and GPUs stay unknown
  }
  const key = JSON.stringify(opts)
  let fleet = fleets.get(key)
  if (!fleet) fleets.set(key, (fleet = buildFleet(opts)))
  return fleet
}

export interface LiveRead {
  topology: Topology
  /** clusters that could not be read (with why): their part comes from before, or the plan */
  fallback: string[]
}

/**
 * The live topology of every cluster of the kubeconfig. A cluster that cannot be read keeps
 * its previous topology (or the plan's), so a blip does not move traffic around.
 */
export async function readTopology(
  clients: ClusterClients[],
  previous?: Topology,
  opts: { pods?: boolean } = {},
): Promise<LiveRead> {
  const parts = await Promise.all(
    clients.map(async (c) => {
      const pick = <T extends { cluster: string }>(xs: T[]) => xs.filter((x) => x.cluster === c.name)
      try {
        if (opts.pods === false && previous) {
          // Weights change often and matter at once; pods are re-read less often.
          const routes = await readRoutes(c)
          return {
            ok: true as const,
            name: c.name,
            topology: { routes, pods: pick(previous.pods), gpus: pick(previous.gpus) },
          }
        }
        const [routes, pods, fleet] = await Promise.all([readRoutes(c), readPods(c), seededPlan(c)])
        const nodes = fleet.nodes.filter((n) => n.cluster === c.name)
        const gpus = allocateGpus(nodes, c.name, pods)
        return { ok: true as const, name: c.name, topology: { routes, pods: pods.map((p) => p.pod), gpus } }
      } catch (e) {
        const from = previous ?? planTopology(seededFleet(), [c.name])
        return {
          ok: false as const,
          name: c.name,
          error: e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : String(e),
          topology: { routes: pick(from.routes), pods: pick(from.pods), gpus: pick(from.gpus) },
        }
      }
    }),
  )
  return {
    topology: {
      routes: parts.flatMap((p) => p.topology.routes),
      pods: parts.flatMap((p) => p.topology.pods),
      gpus: parts.flatMap((p) => p.topology.gpus),
    },
    fallback: parts.flatMap((p) => (p.ok ? [] : [`${p.name} (${p.error})`])),
  }
}
