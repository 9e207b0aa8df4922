import 'server-only'
import { db } from '@/lib/db/client'
import { clusterNames } from '@/lib/k8s/clusters'
import { watchCache } from '@/lib/k8s/watch/cache'
import { knownModels } from '@/lib/slo/resolve-target'
import type { FormChoices } from './slo-form'

/** What the SLO form offers: teams from the database, models and routes from the watch cache. */
export async function formChoices(): Promise<FormChoices> {
  const [teams, models] = await Promise.all([
    db().team.findMany({ orderBy: { name: 'asc' }, select: { name: true } }),
    knownModels().catch(() => []),
  ])
  const cache = watchCache()
  const routes = new Map<string, { namespace: string; name: string }>()
  for (const c of cache.clusterNames())
    for (const r of cache.store(c, 'httproutes').values())
      routes.set(`${r.namespace}/${r.name}`, { namespace: r.namespace, name: r.name })
  return {
    teams: teams.map((t) => t.name),
    models,
    routes: [...routes.values()].sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    ),
    clusters: clusterNames(),
  }
}
