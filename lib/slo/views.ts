import 'server-only'
import { burnChart, type BurnChart } from './history'
export type { Annotation } from './annotations'
import { collectChanges } from './collect-changes'
import { cachedEvaluation, cachedStatus } from './evaluate'
import { annotationsOf, type Annotation } from './annotations'
import { RANGES, type RangeKey } from './range'
import { budgetAtRisk, type SloStatus } from './status'
import { getSlo, listSlos } from './store'
import type { SloDefinition } from './types'
import { log } from '@/lib/observability/log'
import { AppError } from '@/lib/errors'

export interface SloRow {
  slo: SloDefinition
  status: SloStatus
}

export async function sloRows(): Promise<SloRow[]> {
  const slos = await listSlos()
  const statuses = await cachedEvaluation(slos)
  return slos.map((slo) => ({ slo, status: statuses.get(slo.id)! }))
}

/**
 * One SLO's status: from the list's shared evaluation when it is fresh (same numbers as the list),
 * else from this SLO's own short-window queries (a triage link opened cold does not wait for the
 * other SLOs).
 */
export async function statusOf(slo: SloDefinition): Promise<SloStatus> {
  return cachedStatus(slo, await listSlos())
}

export interface SloDetail {
  slo: SloDefinition
  status: SloStatus
  chart: BurnChart | null
  chartError: string | null
  annotations: Annotation[]
}

function metricsMessage(e: unknown): string {
  if (e instanceof AppError && e.code === 'metrics_unavailable') return e.message
  log.warn('slo chart failed', { error: e })
  return 'The burn history could not be read from Prometheus.'
}

export async function sloDetail(id: string, range: RangeKey, end: Date): Promise<SloDetail | null> {
  const slo = await getSlo(id)
  if (!slo) return null
  const start = new Date(end.getTime() - RANGES[range] * 1000)
  const [status, chart, changes] = await Promise.all([
    statusOf(slo),
    burnChart(slo, { start, end }).then(
      (c) => ({ c, e: null }),
      (e: unknown) => ({ c: null, e: metricsMessage(e) }),
    ),
    collectChanges(slo, start, end),
  ])
  return {
    slo,
    status,
    chart: chart.c,
    chartError: chart.e,
    annotations: annotationsOf(changes.changes, changes.scope),
  }
}

export interface Burn extends SloRow {
  atRisk: number
}

/** Active burns (page, then ticket), most budget at risk first. */
export async function activeBurns(): Promise<Burn[]> {
  const rows = await sloRows()
  const rank = { page: 0, ticket: 1, ok: 2, no_data: 3 }
  return rows
    .filter((r) => r.status.state === 'page' || r.status.state === 'ticket')
    .map((r) => ({ ...r, atRisk: budgetAtRisk(r.status, r.slo.windowDays) }))
    .sort((a, b) => rank[a.status.state] - rank[b.status.state] || b.atRisk - a.atRisk)
}
