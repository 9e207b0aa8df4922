import 'server-only'
import { clusterNames } from '@/lib/k8s/clusters'
import { k8sRequest } from '@/lib/k8s/request'
import { paths } from '@/lib/k8s/paths'
import { TEAM_LABEL } from '@/lib/k8s/namespace-team'

interface NamespaceList {
  items: { metadata: { name: string; labels?: Record<string, string> } }[]
}

const TTL_MS = 5 * 60_000
const cache = globalThis as unknown as { aireNsTeams?: { at: number; map: Map<string, string> } }

/**
 * Team of each namespace ("cluster/namespace" → team) from the aire.dev/team label, read with the
 * console's own credentials and cached for five minutes. Unreadable clusters are left out: the
 * roll-up then falls back to the gateway's team attribution.
 */
export async function namespaceTeams(): Promise<Map<string, string>> {
  if (cache.aireNsTeams && Date.now() - cache.aireNsTeams.at < TTL_MS) return cache.aireNsTeams.map
  const map = new Map<string, string>()
  await Promise.all(
    clusterNames().map(async (cluster) => {
      try {
        const r = await k8sRequest<NamespaceList>(cluster, {
          method: 'GET',
          path: paths.namespaces(TEAM_LABEL),
          timeoutMs: 5000,
        })
        if (r.status !== 200) return
        for (const ns of r.body.items) {
          const team = ns.metadata.labels?.[TEAM_LABEL]
          if (team) map.set(`${cluster}/${ns.metadata.name}`, team)
        }
      } catch {
        // cluster unreachable: fall back
      }
    }),
  )
  cache.aireNsTeams = { at: Date.now(), map }
  return map
}
