import 'server-only'
import { IDLE_UTILISATION } from '@/lib/fleet/inventory'
import { modelsView } from '@/lib/fleet/read-fleet'
import { nodeUtilisation } from '@/lib/fleet/utilisation'
import type { ModelVersionView } from '@/lib/fleet/models'
import { watchCache } from '@/lib/k8s/watch/cache'
import { log } from '@/lib/observability/log'
import type { SloState } from '@/lib/slo/burn-rate'
import { sloRows } from '@/lib/slo/views'
import { teamGpuUsage, type IdleLookup, type TeamGpuUsage } from './gpu-usage'
import { tokenPeaks, type TokenPeak } from './token-peaks'

export type { TeamGpuUsage, TokenPeak }

export interface TeamDeployment {
  key: string
  model: string
  version: string
  track: string | null
  cluster: string
  namespace: string
  deployment: string
  ready: number
  desired: number
  gpus: number
  rollout: ModelVersionView['rollout']['state']
}

export interface TeamSlo {
  id: string
  name: string
  state: SloState
  budgetRemaining: number | null
}

/**
 * What the Teams page shows beside quotas and spend, per team. Each source fails on its own: a
 * missing source is null (the page says so) and never hides the others.
 */
export interface TeamOverview {
  deployments: Map<string, TeamDeployment[]> | null
  gpus: Map<string, TeamGpuUsage> | null
  tokenPeaks: Map<string, Map<string, TokenPeak>> | null
  slos: Map<string, TeamSlo[]> | null
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    if (k === null) continue
    const list = out.get(k)
    if (list) list.push(item)
    else out.set(k, [item])
  }
  return out
}

/** Idle per node as the GPUs page decides it, so both pages flag the same GPUs. */
async function idleLookup(): Promise<IdleLookup> {
  const util = await nodeUtilisation().catch(() => null)
  return (key) => {
    const u = util?.get(key)
    return u === undefined ? undefined : u < IDLE_UTILISATION
  }
}

async function fleetPart(): Promise<Pick<TeamOverview, 'deployments' | 'gpus'>> {
  // modelsView waits for the cache's first sync, so the pods read below are complete too.
  const [view, idleOf] = await Promise.all([modelsView({}), idleLookup()])
  const versions = view.models.flatMap((m) => m.versions)
  const deployments = groupBy(
    versions.map((v): TeamDeployment & { team: string | null } => ({
      team: v.team,
      key: v.key,
      model: v.model,
      version: v.version,
      track: v.track,
      cluster: v.cluster,
      namespace: v.namespace,
      deployment: v.deployment,
      ready: v.ready,
      desired: v.desired,
      gpus: v.gpusTotal,
      rollout: v.rollout.state,
    })),
    (d) => d.team,
  )
  return { deployments, gpus: teamGpuUsage(watchCache().fleet(), idleOf) }
}

async function sloPart(): Promise<Map<string, TeamSlo[]>> {
  const rows = await sloRows()
  return groupBy(
    rows.map(({ slo, status }) => ({
      team: slo.team,
      id: slo.id,
      name: slo.name,
      state: status.state,
      budgetRemaining: status.budgetRemaining,
    })),
    (s) => s.team,
  )
}

function settled<T>(what: string, p: Promise<T>): Promise<T | null> {
  return p.catch((e: unknown) => {
    log.warn(`teams: ${what} unavailable`, { error: e })
    return null
  })
}

export async function teamOverview(now = new Date()): Promise<TeamOverview> {
  const [fleet, peaks, slos] = await Promise.all([
    settled('fleet', fleetPart()),
    settled('token peaks', tokenPeaks(now)),
    settled('slo states', sloPart()),
  ])
  return {
    deployments: fleet?.deployments ?? null,
    gpus: fleet?.gpus ?? null,
    tokenPeaks: peaks,
    slos,
  }
}
