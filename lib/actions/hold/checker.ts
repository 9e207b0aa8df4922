import 'server-only'
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { db } from '@/lib/db/client'
import { recordAudit } from '@/lib/audit/record-audit'
import { CONSOLE_MANAGER, k8sRequest } from '@/lib/k8s/request'
import { morePaths, paths } from '@/lib/k8s/paths'
import { log } from '@/lib/observability/log'
import { metrics } from '@/lib/observability/metrics'
import { decideHold, fieldPath, holdText, lastWriter, type HoldDecision, type HoldField } from './decide'

/**
 * The hold checker: every few seconds each replica claims pending checks (an UPDATE … WHERE the
 * claim is free, expired or its own — one checker per change across replicas), reads each changed
 * object once with the console's own credentials (never the user's: the user may have lost access,
 * and the check must not act as them), and decides. A claim lapses after CLAIM_MS, so a replica
 * that dies mid-window hands its checks to the next one that polls; a restart of the only replica
 * finds its pending rows still in the database.
 */

const CLAIM_MS = 30_000
const BATCH = 50
const DEFAULT_INTERVAL_MS = 5_000

type CheckRow = Awaited<ReturnType<ReturnType<typeof db>['holdCheck']['findFirstOrThrow']>>

/** The console's read path of each kind a change action writes. */
function objectPath(kind: string, ns: string, name: string): string | null {
  switch (kind) {
    case 'HTTPRoute':
      return paths.httpRoute(ns, name)
    case 'ResourceQuota':
      return morePaths.resourceQuota(ns, name)
    case 'BackendTrafficPolicy':
      return morePaths.backendTrafficPolicy(ns, name)
    case 'Deployment':
      return morePaths.deployment(ns, name)
    default:
      return null
  }
}

function parse(s: string | null): unknown {
  if (!s) return null
  try {
    return JSON.parse(s) as unknown
  } catch {
    return null
  }
}

/** Claims up to BATCH pending checks for `holder` and returns every pending check it holds. */
async function claim(holder: string, now: Date): Promise<CheckRow[]> {
  const claimable = {
    status: 'pending',
    OR: [{ claimedBy: null }, { claimUntil: null }, { claimUntil: { lt: now } }, { claimedBy: holder }],
  }
  const ids = await db().holdCheck.findMany({
    where: claimable,
    select: { id: true },
    orderBy: { deadline: 'asc' },
    take: BATCH,
  })
  if (ids.length > 0) {
    // The WHERE is re-checked by the database: of two replicas racing for a row, one wins it.
    await db().holdCheck.updateMany({
      where: { id: { in: ids.map((r) => r.id) }, ...claimable },
      data: { claimedBy: holder, claimUntil: new Date(now.getTime() + CLAIM_MS) },
    })
  }
  return db().holdCheck.findMany({ where: { status: 'pending', claimedBy: holder } })
}

type Read = { ok: true; object: unknown } | { ok: false; error: string }

async function readObject(c: CheckRow): Promise<Read> {
  const path = objectPath(c.kind, c.namespace, c.name)
  if (!path) return { ok: false, error: `no read path for ${c.kind}` }
  try {
    const r = await k8sRequest(c.cluster, { method: 'GET', path, timeoutMs: 10_000 })
    if (r.status === 404) return { ok: true, object: null }
    if (r.status !== 200) return { ok: false, error: `HTTP ${r.status}` }
    return { ok: true, object: r.body }
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) }
  }
}

/** Writes the outcome row (a new audit row linked to the change) once the check is decided. */
async function audit(c: CheckRow): Promise<void> {
  const result = c.status === 'reverted' ? 'reverted' : 'held'
  const id = await recordAudit({
    actor: 'aire-console',
    actorRole: 'system',
    action: `${c.action}.hold`,
    result,
    requestId: c.requestId,
    team: c.team,
    cluster: c.cluster,
    namespace: c.namespace,
    kind: c.kind,
    name: c.name,
    before: parse(c.expected),
    after: c.status === 'reverted' ? { value: c.revertedTo } : undefined,
    reason:
      c.status === 'reverted'
        ? `Change ${c.auditId} by ${c.actor} was ${c.outcome ?? 'reverted'}.`
        : c.outcome && c.outcome !== 'held'
          ? `Change ${c.auditId} by ${c.actor} ${c.outcome}.`
          : `Change ${c.auditId} by ${c.actor} held for the whole window (until ${c.deadline.toISOString()}).`,
    parentId: c.auditId,
  })
  metrics().actions.inc({ action: `${c.action}.hold`, result })
  await db().holdCheck.update({ where: { id: c.id }, data: { outcomeAuditId: id } })
}

type Superseding = { id: string; action: string; actor: string; at: Date; requestId: string }
const SUPERSEDING = { id: true, action: true, actor: true, at: true, requestId: true } as const

/** Console audit rows of `result` on the same object after the change, oldest first. */
function laterRows(c: CheckRow, result: 'applied' | 'intent', since: Date, take: number) {
  return db().auditEvent.findMany({
    where: {
      id: { not: c.auditId },
      result,
      cluster: c.cluster,
      namespace: c.namespace,
      kind: c.kind,
      name: c.name,
      at: { gt: since },
    },
    orderBy: { at: 'asc' },
    take,
    select: SUPERSEDING,
  })
}

/** How long a console write seen on the object may wait for its own audit outcome. */
const OUTCOME_GRACE_MS = 30_000

/**
 * A later change to the same object made through the console (by anyone) is not a revert: the
 * first change held until it was deliberately replaced, and that later change has its own check.
 * Returns that change, 'wait' while one is still in flight, or null when there is none.
 */
async function supersededBy(c: CheckRow, now: Date): Promise<Superseding | 'wait' | null> {
  const [applied] = await laterRows(c, 'applied', c.createdAt, 1)
  if (applied) return applied
  // The pipeline audits the outcome just after the write: a later change through the console
  // can be on the object before its "applied" row is. Its intent row came first. The outcomes are
  // read after the lookup above, so one that landed in between is seen here, not missed.
  const since = new Date(Math.max(c.createdAt.getTime(), now.getTime() - OUTCOME_GRACE_MS))
  const intents = await laterRows(c, 'intent', since, BATCH)
  if (intents.length === 0) return null
  const outcomes = await db().auditEvent.findMany({
    where: { requestId: { in: intents.map((i) => i.requestId) }, result: { not: 'intent' } },
    select: { ...SUPERSEDING, result: true },
  })
  for (const intent of intents) {
    // A request's rows after its intent: its outcome, and once checked, its own hold outcome.
    const own = outcomes.filter((o) => o.requestId === intent.requestId)
    if (own.length === 0) return 'wait'
    const applied = own.find((o) => o.result === 'applied')
    if (applied) return applied
  }
  return null
}

/** Decides, or returns false when it must look again next round (a console write in flight). */
async function finish(c: CheckRow, d: HoldDecision, holder: string, now: Date): Promise<boolean> {
  if (d.status === 'pending') return false
  let outcome = holdText(d)
  if (
    d.status === 'reverted' &&
    (d.manager === null || d.manager === c.writer || d.manager === CONSOLE_MANAGER)
  ) {
    const later = await supersededBy(c, now)
    if (later === 'wait') return false
    if (later) {
      d = { status: 'held' }
      outcome = `held until superseded by ${later.action} by ${later.actor} (change ${later.id})`
    }
  }
  const at = d.status === 'reverted' ? new Date(d.at) : null
  const won = await db().holdCheck.updateMany({
    where: { id: c.id, status: 'pending', claimedBy: holder },
    data: {
      status: d.status,
      outcome,
      decidedAt: now,
      lastCheckedAt: now,
      revertedBy: d.status === 'reverted' ? (d.manager ?? 'unknown') : null,
      revertedAt: at && !Number.isNaN(at.getTime()) ? at : null,
      revertedTo: d.status === 'reverted' ? d.value : null,
    },
  })
  // Lost the claim in between (this replica stalled past CLAIM_MS): the new holder decides.
  if (won.count !== 1) return true
  log.info('hold check decided', { auditId: c.auditId, action: c.action, outcome })
  const decided = await db().holdCheck.findUnique({ where: { id: c.id } })
  if (decided) await audit(decided)
  return true
}

/**
 * One round: claim, read each object once (several checks of one object share the read), decide.
 * Returns how many checks this holder still has pending. Exported for tests and the interval.
 */
export async function checkHoldsOnce(holder: string, now = new Date()): Promise<number> {
  // Outcomes decided by this holder whose audit row did not get written (database blip): retry.
  const unaudited = await db().holdCheck.findMany({
    where: { status: { in: ['held', 'reverted'] }, outcomeAuditId: null, claimedBy: holder },
    take: BATCH,
  })
  for (const c of unaudited) await audit(c)

  const checks = await claim(holder, now)
  const reads = new Map<string, Promise<Read>>()
  let pending = 0
  for (const c of checks) {
    const key = `${c.cluster}\u0000${c.kind}\u0000${c.namespace}\u0000${c.name}`
    let read = reads.get(key)
    if (!read) {
      read = readObject(c)
      reads.set(key, read)
    }
    const r = await read
    if (!r.ok) {
      // Unreadable now (cluster down, API error): not a revert; try again next round. A check
      // past its window stays pending until the object can be read once more.
      log.warn('hold check could not read the object', { auditId: c.auditId, error: r.error })
      pending++
      continue
    }
    const field = parse(c.field) as HoldField
    const object = r.object as { metadata?: { managedFields?: unknown } } | null
    const d = decideHold({
      field,
      expected: parse(c.expected),
      object,
      writer: c.writer,
      now,
      deadline: c.deadline,
    })
    if (d.status === 'pending') {
      pending++
      // The first read after the change names the console's own write, so a revert in the
      // same second is told apart from it (lib/actions/hold/decide.ts lastWriter).
      const writer =
        c.writer ?? lastWriter(object?.metadata?.managedFields, fieldPath(field))?.manager ?? null
      await db().holdCheck.updateMany({
        where: { id: c.id, claimedBy: holder },
        data: { lastCheckedAt: now, writer },
      })
      continue
    }
    if (!(await finish(c, d, holder, now))) pending++
  }
  return pending
}

export interface HoldChecker {
  holder: string
  stop(): Promise<void>
}

/** Starts polling; stop() waits for a round in progress. Several checkers may run (replicas, tests). */
export function startHoldChecker(opts: { holder?: string; intervalMs?: number } = {}): HoldChecker {
  const holder = opts.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const envInterval = Number(process.env.AIRE_HOLD_POLL_SECONDS) * 1000
  const interval =
    opts.intervalMs ??
    (Number.isFinite(envInterval) && envInterval >= 1000 ? envInterval : DEFAULT_INTERVAL_MS)
  let stopped = false
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | null = null
  const round = () => {
    running = checkHoldsOnce(holder)
      .then(() => undefined)
      .catch((e: unknown) => log.warn('hold check round failed', { holder, error: e }))
      .finally(() => {
        if (stopped) return
        timer = setTimeout(round, interval)
        // Never what keeps a process (or a test run) alive.
        timer.unref?.()
      })
  }
  timer = setTimeout(round, 0)
  timer.unref?.()
  return {
    holder,
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
      // Hand the claims back at once, so another checker need not wait for them to lapse.
      await db()
        .holdCheck.updateMany({
          where: { status: 'pending', claimedBy: holder },
          data: { claimedBy: null, claimUntil: null },
        })
        .catch(() => undefined)
    },
  }
}

const KEY = Symbol.for('aire.holdChecker')
type WithChecker = typeof globalThis & { [KEY]?: HoldChecker }

/** One checker per server process (started by instrumentation.ts). */
export function ensureHoldChecker(): HoldChecker {
  const g = globalThis as WithChecker
  g[KEY] ??= startHoldChecker()
  return g[KEY]
}
