import 'server-only'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
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
