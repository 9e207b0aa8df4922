import 'server-only'
import { log } from '@/lib/observability/log'
import { ModelIndex, targetScope } from './changes'
import { clusterObjects } from './collect-changes'
import { STATE_RANK, type SloState } from './burn-rate'
import { activeBurns, sloRows } from './views'

/**
 * What other pages show about SLOs. Every function is cheap after the first call (the evaluation is
 * shared for 15 s) and never throws: without Prometheus or a database they return nothing.
 */

export interface BurningSlo {
  id: string
  name: string
  team: string
  state: 'page' | 'ticket'
  burn1h: number | null
  budgetRemaining: number | null
  exhaustion: string | null
  href: string
}

/** For the Overview's "burning now" panel: active burns, pages first. */
export async function burningNow(limit = 5): Promise<BurningSlo[]> {
  try {
    const burns = await activeBurns()
    return burns.slice(0, limit).map(({ slo, status }) => ({
      id: slo.id,
      name: slo.name,
      team: slo.team,
      state: status.state as 'page' | 'ticket',
      burn1h: status.burns['1h'],
      budgetRemaining: status.budgetRemaining,
      exhaustion: status.exhaustion,
      href: `/triage/${slo.id}`,
    }))
  } catch (e) {
    log.warn('burning now unavailable', { error: e })
    return []
  }
}

export interface SloBadgeInfo {
  /** The worst state among the object's SLOs. */
  state: SloState
  slos: { id: string; name: string; state: SloState }[]
}

export interface SloStates {
  /** by model id (aire.dev/model): model and version SLOs, plus route SLOs of routes serving it */
  byModel: Record<string, SloBadgeInfo>
  /** by "namespace/name" of an HTTPRoute: route SLOs, plus model/version SLOs of the models it serves */
  byRoute: Record<string, SloBadgeInfo>
}

function add(
  map: Record<string, SloBadgeInfo>,
  key: string,
  slo: { id: string; name: string; state: SloState },
) {
  const e = (map[key] ??= { state: 'no_data', slos: [] })
  if (e.slos.some((s) => s.id === slo.id)) return
  e.slos.push(slo)
  if (STATE_RANK[slo.state] > STATE_RANK[e.state]) e.state = slo.state
}

/** For the Models and Routes pages: SLO state per model and per route. */
export async function sloStates(): Promise<SloStates> {
  const out: SloStates = { byModel: {}, byRoute: {} }
  try {
    const [rows, clusters] = await Promise.all([sloRows(), clusterObjects().catch(() => [])])
    const indexes = clusters.map((c) => new ModelIndex(c))
    for (const { slo, status } of rows) {
      const item = { id: slo.id, name: slo.name, state: status.state }
      const scope = targetScope(slo, clusters, indexes)
      if (scope.model) add(out.byModel, scope.model, item)
      for (const r of scope.routes) add(out.byRoute, r, item)
    }
  } catch (e) {
    log.warn('slo states unavailable', { error: e })
  }
  return out
}
