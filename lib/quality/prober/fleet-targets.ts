import 'server-only'
import { servedModelArg } from '@/lib/fleet/models'
import { LABEL } from '@/lib/k8s/labels'
import { watchCache } from '@/lib/k8s/watch/cache'
import type { DeploymentLite, HTTPRouteLite, InferencePoolLite } from '@/lib/k8s/watch/types'
import {
  resolveProbeTarget,
  type PoolFacts,
  type ProbeTarget,
  type RouteFacts,
  type TargetConfig,
} from './target'

/**
 * Every version of a model, from the watch cache: each InferencePool labelled with the model id
 * (aire.dev/model) in every cluster is one version, routed or not, so a version is probed before
 * its canary step gets traffic too.
 */

const covers = (labels: Record<string, string>, selector: Record<string, string>) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v)

function served(pool: InferencePoolLite, deployments: Iterable<DeploymentLite>): string | null {
  for (const d of deployments) {
    if (d.namespace !== pool.namespace || !covers(d.templateLabels, pool.selector)) continue
    const s = servedModelArg(d.containers)
    if (s) return s
  }
  return null
}

function routeFacts(r: HTTPRouteLite): RouteFacts {
  return {
    namespace: r.namespace,
    name: r.name,
    rules: r.rules.map((rule) => ({
      matches: rule.matches ?? [],
      backendRefs: rule.backendRefs.map((b) => ({
        kind: b.kind,
        name: b.name,
        namespace: b.namespace,
        weight: b.weight,
      })),
    })),
  }
}

export async function fleetTargets(model: string, config: TargetConfig): Promise<ProbeTarget[]> {
  const cache = watchCache()
  await cache.whenSynced({ timeoutMs: 3000 })
  const out: ProbeTarget[] = []
  for (const cluster of cache.clusterNames()) {
    const pools = [...cache.store(cluster, 'inferencepools').values()].filter(
      (p) => p.labels[LABEL.model] === model,
    )
    if (pools.length === 0) continue
    const deployments = [...cache.store(cluster, 'deployments').values()]
    const routes = [...cache.store(cluster, 'httproutes').values()].map(routeFacts)
    for (const p of pools) {
      const facts: PoolFacts = {
        cluster,
        namespace: p.namespace,
        pool: p.name,
        version: p.labels[LABEL.version] ?? p.selector[LABEL.version] ?? p.name,
        model,
        servedModel: served(p, deployments),
        port: p.targetPorts[0] ?? null,
      }
      out.push(resolveProbeTarget(facts, routes, config))
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key))
}
