import 'server-only'
import { servedModelArg } from '@/lib/fleet/models'
import { watchCache } from '@/lib/k8s/watch/cache'
import { LABEL } from '@/lib/k8s/labels'

const MODEL_LABEL = LABEL.model

/**
 * The served model name (vLLM --model) of a model id, from the Deployments in the watch cache; the
 * metrics label models by it. Null when no cluster runs the model (the id is used as is).
 */
export async function servedModelOf(model: string): Promise<string | null> {
  const cache = watchCache()
  await cache.whenSynced({ timeoutMs: 3000 })
  for (const cluster of cache.clusterNames()) {
    for (const d of cache.store(cluster, 'deployments').values()) {
      if (d.labels[MODEL_LABEL] !== model) continue
      const served = servedModelArg(d.containers)
      if (served) return served
    }
  }
  return null
}

/** Models the console knows (id → served name), for the SLO form's pickers. */
export async function knownModels(): Promise<
  { model: string; served: string | null; versions: string[]; team: string | null }[]
> {
  const cache = watchCache()
  await cache.whenSynced({ timeoutMs: 3000 })
  const out = new Map<
    string,
    { model: string; served: string | null; versions: Set<string>; team: string | null }
  >()
  for (const cluster of cache.clusterNames()) {
    for (const d of cache.store(cluster, 'deployments').values()) {
      const model = d.labels[MODEL_LABEL]
      if (!model || (d.labels[LABEL.component] && d.labels[LABEL.component] !== 'model-server')) continue
      const e = out.get(model) ?? {
        model,
        served: null,
        versions: new Set<string>(),
        team: d.labels[LABEL.team] ?? null,
      }
      e.served ??= servedModelArg(d.containers)
      const version = d.labels[LABEL.version]
      if (version) e.versions.add(version)
      out.set(model, e)
    }
  }
  return [...out.values()]
    .map((e) => ({ ...e, versions: [...e.versions].sort() }))
    .sort((a, b) => a.model.localeCompare(b.model))
}

/** The model id an HTTPRoute serves (its InferencePools' aire.dev/model), from the watch cache. */
export async function routeModelOf(namespace: string, route: string): Promise<string | null> {
  const cache = watchCache()
  await cache.whenSynced({ timeoutMs: 3000 })
  for (const cluster of cache.clusterNames()) {
    const r = cache.store(cluster, 'httproutes').get(`${namespace}/${route}`)
    if (!r) continue
    const pools = cache.store(cluster, 'inferencepools')
    for (const rule of r.rules)
      for (const b of rule.backendRefs) {
        const model = pools.get(`${b.namespace}/${b.name}`)?.labels[MODEL_LABEL]
        if (model) return model
      }
  }
  return null
}
