import 'server-only'
import { randomUUID } from 'node:crypto'
import { headers } from 'next/headers'
import { revalidatePath } from 'next/cache'
import type { z } from 'zod'
import { currentUserFresh } from '@/lib/auth/current-user'
import type { SessionUser } from '@/lib/auth/permissions'
import { recordAudit, type AuditResult } from '@/lib/audit/record-audit'
import { AppError, fail, ok, type ActionResult, type ErrorCode } from '@/lib/errors'
import { originAllowed } from '@/lib/security/origin'
import { metrics } from '@/lib/observability/metrics'
import { log } from '@/lib/observability/log'
import { fieldErrorsOf } from '@/lib/validations/field-errors'
import { noteRefusal, requestSource, TOO_MANY } from '@/lib/security/refusals'
import { scheduleHoldCheck, type HoldWatch } from '@/lib/actions/hold/store'

export interface ActionTarget {
  team?: string | null
  cluster?: string | null
  namespace?: string | null
  kind?: string | null
  name?: string | null
}

export interface Executed<T> {
  data: T
  before?: unknown
  after?: unknown
  target?: ActionTarget
}

export interface ActionSpec<S extends z.ZodType, T> {
  action: string
  schema: S
  /** Which object the change is about, for the audit record and the team check. */
  target: (input: z.infer<S>) => ActionTarget | Promise<ActionTarget>
  /** Named permission predicate; the cluster's RBAC still has the last word. */
  authorize: (user: SessionUser, input: z.infer<S>, target: ActionTarget) => boolean
  execute: (user: SessionUser, input: z.infer<S>, requestId: string) => Promise<Executed<T>>
  /**
   * The Kubernetes field an applied change wrote and the value written: the console then watches
   * it for the hold window (lib/actions/hold) and records "held" or "reverted by …". Null: nothing
   * to watch (a no-op, a database-only change).
   */
  hold?: (input: z.infer<S>, done: Executed<T>) => HoldWatch | null
  revalidate?: string[]
}

function resultFor(code: ErrorCode): AuditResult {
  if (code === 'conflict') return 'conflict'
  if (code === 'internal' || code === 'cluster_unreachable') return 'failed'
  return 'refused'
}

export interface ActionContext {
  user: SessionUser | null
  /** Whether the request's Origin is this console's own (see lib/security/origin.ts). */
  originOk: boolean
  /** Where the request came from (lib/security/refusals.ts), for refusals before a session. */
  source?: string
}

/**
 * The action pipeline without Next.js: origin → session → zod → permission → change → audit.
 * Every refusal is audited and returns a sentence a person can act on; nothing here throws.
 * Tests drive it directly with each kind of user.
 */
export async function executeAction<S extends z.ZodType, T>(
  spec: ActionSpec<S, T>,
  input: unknown,
  ctx: ActionContext,
): Promise<ActionResult<T>> {
  const requestId = randomUUID()
  const user = ctx.user
  let target: ActionTarget = {}
  const audit = async (result: AuditResult, reason: string | null, extra: Partial<Executed<T>> = {}) => {
    if (result !== 'intent') metrics().actions.inc({ action: spec.action, result })
    return recordAudit({
      actor: user?.username ?? 'anonymous',
      actorRole: user?.role ?? 'none',
      action: spec.action,
      result,
      requestId,
      ...target,
      ...extra.target,
      before: extra.before,
      after: extra.after,
      reason,
    })
  }
  const refuse = async (
    code: ErrorCode,
    message: string,
    more: { fieldErrors?: Record<string, string[]> } = {},
  ) => {
    await audit(resultFor(code), message)
    return fail<T>(code, message, more)
  }
  const unexpected = async (e: unknown) => {
    log.error('action failed', { action: spec.action, requestId, error: e })
    await audit('failed', e instanceof Error ? e.message : 'unknown error')
    return fail<T>('internal', `The change failed unexpectedly and was not applied. Reference: ${requestId}.`)
  }

  // Before a session a refusal costs the caller nothing, so it is counted in the refusal ledger
  // (one audit row per source, kind and minute, plus a summary) rather than one row each.
  const preSession = async (code: 'bad_origin' | 'unauthenticated', message: string) => {
    metrics().actions.inc({ action: spec.action, result: 'refused' })
    const noted = noteRefusal(ctx.source ?? 'direct', code, message, spec.action)
    await noted.written
    return fail<T>(code, noted.limited ? TOO_MANY : message)
  }
  if (!ctx.originOk) {
    return preSession(
      'bad_origin',
      'This change was refused because it did not come from the console itself.',
    )
  }
  if (!user) return preSession('unauthenticated', 'Your session has ended. Sign in again.')

  const parsed = spec.schema.safeParse(input)
  if (!parsed.success) {
    return refuse('invalid_input', 'Some fields are not valid; nothing was changed.', {
      fieldErrors: fieldErrorsOf(parsed.error),
    })
  }
  try {
    target = await spec.target(parsed.data)
  } catch (e) {
    if (e instanceof AppError) return refuse(e.code, e.message)
    return unexpected(e)
  }
  if (!spec.authorize(user, parsed.data, target)) {
    return refuse(
      'forbidden',
      `Your role (${user.role}) does not allow this change${target.team ? ` for team ${target.team}` : ''}.`,
    )
  }

  // Intent first: if the audit trail cannot take it, nothing is changed.
  try {
    await audit('intent', null, { after: parsed.data })
  } catch (e) {
    log.error('audit unavailable, change not attempted', { action: spec.action, requestId, error: e })
    return fail<T>(
      'internal',
      `The audit trail is unavailable, so nothing was changed. Try again shortly. Reference: ${requestId}.`,
    )
  }
  let outcome: {
    result: AuditResult
    reason: string | null
    extra: Partial<Executed<T>>
    reply: ActionResult<T>
  }
  try {
    const done = await spec.execute(user, parsed.data, requestId)
    outcome = { result: 'applied', reason: null, extra: done, reply: ok(done.data) }
  } catch (e) {
    if (e instanceof AppError) {
      outcome = {
        result: resultFor(e.code),
        reason: e.message,
        extra: { before: e.current },
        reply: fail<T>(e.code, e.message, { current: e.current, fieldErrors: e.fieldErrors }),
      }
    } else {
      log.error('action failed', { action: spec.action, requestId, error: e })
      outcome = {
        result: 'failed',
        reason: e instanceof Error ? e.message : 'unknown error',
        extra: {},
        reply: fail<T>(
          'internal',
          `The change failed unexpectedly and was not applied. Reference: ${requestId}.`,
        ),
      }
    }
  }
  const auditId = await recordOutcome(
    () => audit(outcome.result, outcome.reason, outcome.extra),
    spec.action,
    requestId,
  )
  if (outcome.result === 'applied' && outcome.reply.ok && spec.hold && auditId) {
    const hold = await watchHold(spec, parsed.data, outcome.extra as Executed<T>, {
      auditId,
      requestId,
      actor: user.username,
      target: { ...target, ...outcome.extra.target },
    })
    if (hold) return { ...outcome.reply, hold }
  }
  return outcome.reply
}

/**
 * Starts the hold check of an applied change. The change stands either way: a check that cannot
 * be recorded is logged, and the result simply carries no hold ticket.
 */
async function watchHold<S extends z.ZodType, T>(
  spec: ActionSpec<S, T>,
  input: z.infer<S>,
  done: Executed<T>,
  at: { auditId: string; requestId: string; actor: string; target: ActionTarget },
) {
  try {
    const watch = spec.hold?.(input, done)
    if (!watch) return null
    return await scheduleHoldCheck({ ...at, action: spec.action, watch })
  } catch (e) {
    log.error('hold check not scheduled', { action: spec.action, requestId: at.requestId, error: e })
    return null
  }
}

/**
 * The outcome of a change that may have reached the cluster is retried for a while (a database
 * fail-over takes seconds); the intent row written before the change remains either way.
 */
async function recordOutcome(
  write: () => Promise<string>,
  action: string,
  requestId: string,
): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write()
    } catch (e) {
      if (attempt >= 8) {
        log.error('audit outcome not recorded; the intent record stands', { action, requestId, error: e })
        return null
      }
      await new Promise((r) => setTimeout(r, 250 * 2 ** Math.min(attempt, 4)))
    }
  }
}

/** Every server action is a public endpoint; they all call this. */
export async function runAction<S extends z.ZodType, T>(
  spec: ActionSpec<S, T>,
  input: unknown,
): Promise<ActionResult<T>> {
  const h = await headers()
  const originOk = originAllowed(h.get('origin'), h.get('x-forwarded-host') ?? h.get('host'))
  let user: SessionUser | null = null
  if (originOk) {
    try {
      user = await currentUserFresh()
    } catch (e) {
      // The session lives in the database: without it nothing can be checked, audited or changed.
      log.error('session lookup failed, change not attempted', { action: spec.action, error: e })
      return fail<T>(
        'internal',
        'The console cannot reach its database right now, so nothing was changed. Try again shortly.',
      )
    }
  }
  const result = await executeAction(spec, input, { originOk, user, source: requestSource(h) })
  if (result.ok) for (const path of spec.revalidate ?? []) revalidatePath(path)
  return result
}
