import 'server-only'
import type { ClusterStatus } from '@/lib/k8s/watch/types'
import { inventory, memoView, modelsView } from './read-fleet'
import { freeMigSlices, hasSchedulableIdle, heldByPods } from './inventory'
import { cmp } from './compare'
import { summarize } from './summary'
import type { GpuNodeRow, InventorySummary } from './types'

export interface FleetSummary {
  summary: InventorySummary
  modelsServing: number
  modelsTotal: number
  /** Nodes whose allocated GPUs do no work (needs utilisation from Prometheus), most GPUs first. */
  topIdleAllocated: GpuNodeRow[]
  /** Schedulable nodes with the most idle GPUs. */
  topIdle: GpuNodeRow[]
  utilisationKnown: boolean
  clusters: ClusterStatus[]
}

/** For the Overview page: GPUs by product and cluster, models serving, nodes worth a look. */
export async function fleetSummary(
  opts: { cluster?: string | null; top?: number } = {},
): Promise<FleetSummary> {
  const top = opts.top ?? 5
  const cluster = opts.cluster ?? undefined
  const [{ inv, clusters, version }, models] = await Promise.all([inventory(), modelsView({ cluster })])
  return memoView(`summary?${cluster ?? ''}&${top}&${models.version}`, version, () => {
    const rows = cluster ? inv.nodes.filter((r) => r.cluster === cluster) : inv.nodes
    const pending = cluster ? inv.pending.filter((p) => p.cluster === cluster) : inv.pending
    return {
      summary: summarize(rows, pending),
      modelsServing: models.models.filter((m) => m.serving).length,
      modelsTotal: models.models.length,
      topIdleAllocated: rows
        .filter((r) => r.allocatedButIdle)
        .sort((a, b) => heldByPods(b) - heldByPods(a) || (a.utilisation ?? 0) - (b.utilisation ?? 0))
        .slice(0, top),
      topIdle: rows
        .filter(hasSchedulableIdle)
        .sort((a, b) => b.idle - a.idle || freeMigSlices(b) - freeMigSlices(a) || cmp(a.key, b.key))
        .slice(0, top),
      utilisationKnown: rows.some((r) => r.utilisation !== undefined),
      clusters: cluster ? clusters.filter((c) => c.cluster === cluster) : clusters,
    }
  })
}
