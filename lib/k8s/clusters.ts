import 'server-only'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Agent, type RequestOptions } from 'node:https'
import { KubeConfig } from '@kubernetes/client-node'
import { AppError } from '@/lib/errors'

export interface ClusterConnection {
  name: string
  server: string
  /** TLS material and the console's own credentials; never leaves the server. */
  httpsOptions(): Promise<RequestOptions>
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token'

function contextsOf(file: string, wanted?: string[]): ClusterConnection[] {
  const kc = new KubeConfig()
  kc.loadFromFile(file)
  return kc
    .getContexts()
    .filter((c) => !wanted || wanted.includes(c.name))
    .map((c) => fromContext(kc, c.name, c.name))
}

/**
 * Clusters from, in order: AIRE_KUBECONFIG (one context per cluster), the pod's own service account
 * when running in a cluster without AIRE_KUBECONFIG, and each kubeconfig file in AIRE_KUBECONFIG_DIR
 * (a mounted secret: how more clusters are added in-cluster). The first of a name wins.
 */
function load(): ClusterConnection[] {
  const wanted = process.env.AIRE_CLUSTERS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const found: ClusterConnection[] = []
  const file = process.env.AIRE_KUBECONFIG
  if (file) found.push(...contextsOf(file, wanted))
  else if (existsSync(IN_CLUSTER_TOKEN)) {
    const kc = new KubeConfig()
    kc.loadFromCluster()
    found.push(fromContext(kc, kc.getCurrentContext(), process.env.AIRE_IN_CLUSTER_NAME ?? 'in-cluster'))
  }
  const dir = process.env.AIRE_KUBECONFIG_DIR
  if (dir && existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      if (f.startsWith('.')) continue
      found.push(...contextsOf(join(dir, f), wanted))
    }
  }
  const seen = new Set<string>()
  return found.filter((c) => !seen.has(c.name) && seen.add(c.name))
}

/**
 * client-node hands out one https.Agent per cluster and user, built without keep-alive, so every
 * request to an API server paid a new TCP connection and TLS handshake with the client
 * certificate (in the load bench's ramp-up profile about a tenth of a replica's CPU; the API
 * servers used 0.23 cores steady before, 0.13–0.15 after). Its twin keeps connections open. Impersonation is per request (headers), so
 * connections carry no user. Keyed by client-node's agent, so it follows the same credentials.
 * Idle connections close after IDLE_MS, well under the API server's idle timeout (90 s), so a
 * kept connection is not closed by the server under a request.
 */
const IDLE_MS = 30_000
const twins = new WeakMap<Agent, Agent>()
function keepAliveTwin(agent: Agent, opts: RequestOptions): Agent {
  let twin = twins.get(agent)
  if (!twin) {
    twin = new Agent({
      keepAlive: true,
      timeout: IDLE_MS,
      maxFreeSockets: 16,
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      pfx: opts.pfx,
      passphrase: opts.passphrase,
      rejectUnauthorized: opts.rejectUnauthorized,
      servername: opts.servername,
    })
    twins.set(agent, twin)
  }
  return twin
}

function fromContext(base: KubeConfig, context: string, name: string): ClusterConnection {
  const kc = new KubeConfig()
  kc.loadFromString(base.exportConfig())
  kc.setCurrentContext(context)
  const server = kc.getCurrentCluster()?.server ?? ''
  return {
    name,
    server,
    async httpsOptions() {
      const opts: RequestOptions = {}
      // Re-applied per request so rotated service-account tokens and exec plugins are honoured.
      await kc.applyToHTTPSOptions(opts)
      if (opts.agent instanceof Agent) opts.agent = keepAliveTwin(opts.agent, opts)
      return opts
    },
  }
}

const globalForClusters = globalThis as unknown as { aireClusters?: ClusterConnection[] }

export function clusters(): ClusterConnection[] {
  globalForClusters.aireClusters ??= load()
  return globalForClusters.aireClusters
}

export function clusterNames(): string[] {
  return clusters().map((c) => c.name)
}

export function cluster(name: string): ClusterConnection {
  const c = clusters().find((x) => x.name === name)
  if (!c) throw new AppError('not_found', `Unknown cluster "${name}".`)
  return c
}
