import 'server-only'
import { db } from '@/lib/db/client'
import { log } from '@/lib/observability/log'

/**
 * 'intent' is written before a cluster write, so a change that reached the cluster is never
 * unrecorded. 'held' and 'reverted' are the outcome of the hold check after an applied change
 * (lib/actions/hold), a row of its own (`parentId` = the change) since rows are never updated.
 */
export type AuditResult = 'intent' | 'applied' | 'refused' | 'conflict' | 'failed' | 'held' | 'reverted'

export interface AuditEntry {
  actor: string
  actorRole: string
  action: string
  result: AuditResult
  requestId: string
  team?: string | null
  cluster?: string | null
  namespace?: string | null
  kind?: string | null
  name?: string | null
  before?: unknown
  after?: unknown
  reason?: string | null
  /** requests this row stands for (aggregated refusals before a session), 1 by default */
  count?: number
  /** the audit row this one follows up (a hold outcome names the change it checked) */
  parentId?: string | null
}

const MAX_JSON = 64 * 1024

function toJson(v: unknown): string | null {
  if (v === undefined || v === null) return null
  const s = JSON.stringify(v)
  return s.length > MAX_JSON ? JSON.stringify({ truncated: true, bytes: s.length }) : s
}

/** Appends one audit record. The table refuses updates and deletes (see the migrations). */
export async function recordAudit(e: AuditEntry): Promise<string> {
  const row = await db().auditEvent.create({
    data: {
      actor: e.actor,
      actorRole: e.actorRole,
      action: e.action,
      result: e.result,
      requestId: e.requestId,
      team: e.team ?? null,
      cluster: e.cluster ?? null,
      namespace: e.namespace ?? null,
      kind: e.kind ?? null,
      name: e.name ?? null,
      before: toJson(e.before),
      after: toJson(e.after),
      reason: e.reason?.slice(0, 1000) ?? null,
      count: e.count ?? 1,
      parentId: e.parentId ?? null,
    },
  })
  log.info('audit', {
    id: row.id,
    action: e.action,
    result: e.result,
    actor: e.actor,
    requestId: e.requestId,
  })
  return row.id
}
