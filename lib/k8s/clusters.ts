import 'server-only'
import { existsSync } from 'node:fs'
import type { RequestOptions } from 'node:https'
import { KubeConfig } from '@kubernetes/client-node'
import { AppError } from '@/lib/errors'

export interface ClusterConnection {
  name: string
  server: string
  /** TLS material and the console's own credentials; never leaves the server. */
  httpsOptions(): Promise<RequestOptions>
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token'

function load(): ClusterConnection[] {
  const file = process.env.AIRE_KUBECONFIG
  if (!file && existsSync(IN_CLUSTER_TOKEN)) {
    const kc = new KubeConfig()
    kc.loadFromCluster()
    return [fromContext(kc, kc.getCurrentContext(), process.env.AIRE_IN_CLUSTER_NAME ?? 'in-cluster')]
  }
  if (!file) return []
  const kc = new KubeConfig()
  kc.loadFromFile(file)
  const wanted = process.env.AIRE_CLUSTERS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return kc
    .getContexts()
    .filter((c) => !wanted || wanted.includes(c.name))
    .map((c) => fromContext(kc, c.name, c.name))
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
