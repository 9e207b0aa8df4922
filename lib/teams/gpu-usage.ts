/**
 * GPUs each team holds, from cached cluster objects: pure, no I/O. A pod's team is its aire.dev/team
 * label, else its namespace's. Whole GPUs, MIG slices and DRA claims each count as one GPU, as on
 * the Models page, so the two pages add up the same way.
 */
import { isTerminated } from '@/lib/fleet/inventory'
import { gpusPerReplica } from '@/lib/fleet/models'
import type { FleetCluster } from '@/lib/fleet/types'

export interface TeamGpuUsage {
  /** GPUs held by running or scheduled pods. */
  allocated: number
  /** GPUs asked for by pods still waiting to be scheduled. */
  pending: number
  /**
   * Allocated GPUs on nodes whose utilisation is below the idle threshold; null when utilisation is
   * unknown for every node the team uses (no Prometheus, or no DCGM exporter).
   */
  idle: number | null
  byCluster: Record<string, { allocated: number; pending: number }>
}

function empty(): TeamGpuUsage {
  return { allocated: 0, pending: 0, idle: null, byCluster: {} }
}

/** Whether a node's GPUs sit idle, keyed "cluster/node"; undefined when its utilisation is unknown. */
export type IdleLookup = (nodeKey: string) => boolean | undefined

export function teamGpuUsage(
  clusters: readonly FleetCluster[],
  idleOf: IdleLookup,
): Map<string, TeamGpuUsage> {
  const out = new Map<string, TeamGpuUsage>()
  for (const c of clusters) {
    const nsTeam = new Map<string, string>()
    for (const ns of c.namespaces) if (ns.team) nsTeam.set(ns.name, ns.team)
    for (const p of c.pods) {
      if (isTerminated(p) || p.deleting) continue
      const team = p.team ?? nsTeam.get(p.namespace)
      if (!team) continue
      const gpus = gpusPerReplica(p.gpu, p.claims.length)
      if (gpus === 0) continue
      const u = out.get(team) ?? empty()
      out.set(team, u)
      const cl = (u.byCluster[c.name] ??= { allocated: 0, pending: 0 })
      if (!p.node) {
        u.pending += gpus
        cl.pending += gpus
        continue
      }
      u.allocated += gpus
      cl.allocated += gpus
      const idle = idleOf(`${c.name}/${p.node}`)
      if (idle !== undefined) u.idle = (u.idle ?? 0) + (idle ? gpus : 0)
    }
  }
  return out
}
