import 'server-only'
import { db } from '@/lib/db/client'
import { watchCache } from '@/lib/k8s/watch/cache'
import { AUDIT_KINDS, buildChanges, ModelIndex, targetScope, type ClusterObjects } from './changes'
import type { ChangeRecord, TargetScope } from './rank-changes'
import type { SloDefinition } from './types'

const SYNC_WAIT_MS = 3000

/** The watch cache's objects per cluster, in the shape changes.ts reads. */
export async function clusterObjects(): Promise<ClusterObjects[]> {
  const cache = watchCache()
  await cache.whenSynced({ timeoutMs: SYNC_WAIT_MS })
  return cache.clusterNames().map((cluster) => {
    const teams = new Map<string, string>()
    for (const n of cache.store(cluster, 'namespaces').values()) if (n.team) teams.set(n.name, n.team)
    return {
      cluster,
      deployments: [...cache.store(cluster, 'deployments').values()],
      replicasets: [...cache.store(cluster, 'replicasets').values()],
      events: [...cache.store(cluster, 'events').values()],
      httproutes: [...cache.store(cluster, 'httproutes').values()],
      inferencepools: [...cache.store(cluster, 'inferencepools').values()],
      teams,
    }
  })
}

export interface ChangeContext {
  scope: TargetScope
  changes: ChangeRecord[]
}

/** Applied console changes, rollouts and Events in [since, until], with the SLO's target scope. */
export async function collectChanges(slo: SloDefinition, since: Date, until: Date): Promise<ChangeContext> {
  const [audits, clusters] = await Promise.all([
    db().auditEvent.findMany({
      where: { at: { gte: since, lte: until }, result: 'applied', action: { in: Object.keys(AUDIT_KINDS) } },
      orderBy: { at: 'asc' },
      take: 2000,
    }),
    clusterObjects().catch(() => [] as ClusterObjects[]),
  ])
  const indexes = clusters.map((c) => new ModelIndex(c))
  return {
    scope: targetScope(slo, clusters, indexes),
    changes: buildChanges(audits, clusters, indexes, since, until),
  }
}
