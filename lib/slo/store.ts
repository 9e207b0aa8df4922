import 'server-only'
import { db } from '@/lib/db/client'
import { QUALITY_SOURCES, SLI_KINDS, TARGET_KINDS, type SloInput } from '@/lib/validations/slo'
import type { QualitySource, SliKind, SloDefinition, TargetKind } from './types'

type SloRow = Awaited<ReturnType<ReturnType<typeof db>['slo']['findFirstOrThrow']>>

const oneOf = <T extends string>(all: readonly T[], v: string, dflt: T): T =>
  (all as readonly string[]).includes(v) ? (v as T) : dflt

/** A database row as the plain definition pure code and client components read. */
export function toDefinition(r: SloRow): SloDefinition {
  return {
    id: r.id,
    name: r.name,
    team: r.team,
    description: r.description,
    sliKind: oneOf<SliKind>(SLI_KINDS, r.sliKind, 'quality'),
    target: {
      kind: oneOf<TargetKind>(TARGET_KINDS, r.targetKind, 'model'),
      model: r.model,
      servedModel: r.servedModel,
      version: r.version,
      namespace: r.namespace,
      route: r.route,
      cluster: r.cluster,
    },
    objective: r.objective,
    windowDays: r.windowDays === 28 ? 28 : 30,
    qualitySource: oneOf<QualitySource>(QUALITY_SOURCES, r.qualitySource ?? 'legacy', 'legacy'),
    evaluationName: r.evaluationName,
    scoreThreshold: r.scoreThreshold,
    latencyThreshold: r.latencyThreshold,
    customGood: r.customGood,
    customTotal: r.customTotal,
    updatedAt: r.updatedAt.toISOString(),
  }
}

/** A quality SLI's source; the evaluation name and threshold only where that source reads them. */
function evaluationColumns(i: SloInput) {
  const source = i.sliKind === 'quality' ? (i.qualitySource ?? 'legacy') : null
  const evaluation = source === 'evaluation_label' || source === 'evaluation_score'
  return {
    qualitySource: source,
    evaluationName: evaluation ? (i.evaluationName ?? null) : null,
    scoreThreshold: source === 'evaluation_score' ? (i.scoreThreshold ?? null) : null,
  }
}

/** Columns from validated input; the objective is stored as a ratio (99.5 → 0.995). */
export function toColumns(i: SloInput) {
  const route = i.targetKind === 'route'
  return {
    name: i.name,
    team: i.team,
    description: i.description ?? null,
    sliKind: i.sliKind,
    targetKind: i.targetKind,
    model: i.model ?? null,
    servedModel: i.servedModel ?? null,
    version: i.targetKind === 'version' ? (i.version ?? null) : null,
    namespace: route ? (i.namespace ?? null) : null,
    route: route ? (i.route ?? null) : null,
    cluster: i.cluster ?? null,
    objective: Math.round(i.objectivePercent * 1000) / 100_000,
    windowDays: i.windowDays,
    latencyThreshold: i.sliKind === 'latency' ? (i.latencyThreshold ?? null) : null,
    ...evaluationColumns(i),
    customGood: i.customGood ?? null,
    customTotal: i.customTotal ?? null,
  }
}

export async function listSlos(): Promise<SloDefinition[]> {
  const rows = await db().slo.findMany({ orderBy: [{ team: 'asc' }, { name: 'asc' }] })
  return rows.map(toDefinition)
}

export async function getSlo(id: string): Promise<SloDefinition | null> {
  const row = await db().slo.findUnique({ where: { id } })
  return row ? toDefinition(row) : null
}

export interface IncidentNoteView {
  id: string
  author: string
  body: string
  onset: string | null
  state: string | null
  createdAt: string
}

export async function listNotes(sloId: string, take = 20): Promise<IncidentNoteView[]> {
  const rows = await db().incidentNote.findMany({ where: { sloId }, orderBy: { createdAt: 'desc' }, take })
  return rows.map((n) => ({
    id: n.id,
    author: n.author,
    body: n.body,
    onset: n.onset?.toISOString() ?? null,
    state: n.state,
    createdAt: n.createdAt.toISOString(),
  }))
}
