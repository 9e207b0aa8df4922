import 'server-only'
import { db } from '@/lib/db/client'
import { holdWindowSchema } from '@/lib/config/env'
import type { HoldTicket } from '@/lib/errors'
import type { HoldField } from './decide'

/** What an action spec asks the hold check to watch after it applied a change. */
export interface HoldWatch {
  field: HoldField
  /** the value written, normalised as readField (lib/actions/hold/decide.ts) reads it back */
  expected: unknown
  before?: unknown
}

/** AIRE_HOLD_WINDOW_SECONDS, read at each change (an invalid value falls back to the default). */
export function holdWindowMs(source: Record<string, string | undefined> = process.env): number {
  const raw = source.AIRE_HOLD_WINDOW_SECONDS
  const r = holdWindowSchema.safeParse(raw === '' ? undefined : raw)
  return (r.success ? r.data : 120) * 1000
}

const json = (v: unknown) => JSON.stringify(v ?? null)

/**
 * Records a pending check for an applied change. The row is the check: whichever replica claims it
 * next (lib/actions/hold/checker.ts) reads the object, so a restart loses nothing.
 */
export async function scheduleHoldCheck(a: {
  auditId: string
  requestId: string
  action: string
  actor: string
  target: {
    team?: string | null
    cluster?: string | null
    namespace?: string | null
    kind?: string | null
    name?: string | null
  }
  watch: HoldWatch
  now?: Date
}): Promise<HoldTicket | null> {
  const { cluster, namespace, kind, name } = a.target
  if (!cluster || !namespace || !kind || !name) return null
  const now = a.now ?? new Date()
  const deadline = new Date(now.getTime() + holdWindowMs())
  await db().holdCheck.create({
    data: {
      auditId: a.auditId,
      requestId: a.requestId,
      action: a.action,
      actor: a.actor,
      team: a.target.team ?? null,
      cluster,
      namespace,
      kind,
      name,
      field: json(a.watch.field),
      expected: json(a.watch.expected),
      before: a.watch.before === undefined ? null : json(a.watch.before),
      createdAt: now,
      deadline,
    },
  })
  return { auditId: a.auditId, until: deadline.toISOString(), status: 'pending' }
}

/** A hold check as pages and the result endpoint show it. */
export interface HoldOutcome {
  auditId: string
  action: string
  actor: string
  team: string | null
  cluster: string
  namespace: string
  kind: string
  name: string
  status: 'pending' | 'held' | 'reverted'
  /** "held", "reverted by <manager> at <time> (<value>)", or null while pending */
  outcome: string | null
  until: string
  decidedAt: string | null
  revertedBy: string | null
  revertedAt: string | null
  revertedTo: string | null
}

type Row = Awaited<ReturnType<ReturnType<typeof db>['holdCheck']['findFirstOrThrow']>>

function view(r: Row): HoldOutcome {
  const status = r.status === 'held' || r.status === 'reverted' ? r.status : 'pending'
  return {
    auditId: r.auditId,
    action: r.action,
    actor: r.actor,
    team: r.team,
    cluster: r.cluster,
    namespace: r.namespace,
    kind: r.kind,
    name: r.name,
    status,
    outcome: r.outcome,
    until: r.deadline.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    revertedBy: r.revertedBy,
    revertedAt: r.revertedAt?.toISOString() ?? null,
    revertedTo: r.revertedTo,
  }
}

export async function holdOutcome(auditId: string): Promise<HoldOutcome | null> {
  const r = await db().holdCheck.findUnique({ where: { auditId } })
  return r ? view(r) : null
}

/** The checks of these audit rows (the audit page shows each beside its change). */
export async function holdOutcomes(auditIds: string[]): Promise<Map<string, HoldOutcome>> {
  if (auditIds.length === 0) return new Map()
  const rows = await db().holdCheck.findMany({ where: { auditId: { in: auditIds } } })
  return new Map(rows.map((r) => [r.auditId, view(r)]))
}

export const REVERT_ALERT_HOURS = 24

/** Changes reverted by someone else in the last day, newest first: the alert on Overview and Triage. */
export async function recentReverts(
  opts: { hours?: number; take?: number; now?: Date } = {},
): Promise<HoldOutcome[]> {
  const now = opts.now ?? new Date()
  const since = new Date(now.getTime() - (opts.hours ?? REVERT_ALERT_HOURS) * 3_600_000)
  const rows = await db().holdCheck.findMany({
    where: { status: 'reverted', decidedAt: { gte: since } },
    orderBy: { decidedAt: 'desc' },
    take: opts.take ?? 10,
  })
  return rows.map(view)
}
