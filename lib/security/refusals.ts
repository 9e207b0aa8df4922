import 'server-only'
import { randomUUID } from 'node:crypto'
import { recordAudit } from '@/lib/audit/record-audit'
import { onDrain } from '@/lib/process/drain'
import { log } from '@/lib/observability/log'
import { RefusalLedger, type Noted, type RefusalKind, type RefusalRow } from './refusal-ledger'

const ACTOR: Record<RefusalKind, string> = {
  bad_origin: 'unverified',
  bad_action: 'unverified',
  rate_limited: 'unverified',
  unauthenticated: 'anonymous',
}

function write(row: RefusalRow): Promise<void> {
  const summary =
    row.count > 1
      ? `${row.count.toLocaleString('en')} more refused from ${row.source} between ${row.firstAt.toISOString()} and ${row.lastAt.toISOString()}: ${row.reason}`
      : `From ${row.source}: ${row.reason}`
  return recordAudit({
    actor: ACTOR[row.kind],
    actorRole: 'none',
    action: row.action,
    result: 'refused',
    requestId: randomUUID(),
    reason: summary,
    count: row.count,
  })
    .then(() => undefined)
    .catch((e: unknown) => log.warn('refusal not recorded', { kind: row.kind, count: row.count, error: e }))
}

const state = globalThis as unknown as {
  aireRefusals?: { ledger: RefusalLedger; timer: NodeJS.Timeout | null }
}

function ledger(): RefusalLedger {
  if (!state.aireRefusals) {
    const perSourcePerMinute = Number(process.env.AIRE_REFUSALS_PER_MINUTE) || 30
    const l = new RefusalLedger(write, { perSourcePerMinute })
    state.aireRefusals = { ledger: l, timer: null }
    onDrain(() => l.flush())
  }
  return state.aireRefusals.ledger
}

/** Summaries are written when their minute ends, by one timer that is not kept alive for them. */
function scheduleFlush(l: RefusalLedger): void {
  const s = state.aireRefusals!
  if (s.timer) return
  s.timer = setTimeout(() => {
    s.timer = null
    l.flush()
  }, l.msToMinuteEnd() + 50)
  s.timer.unref()
}

/**
 * The request's source: the last X-Forwarded-For hop (the one the console's own ingress appended,
 * which a client cannot forge), else X-Real-IP, else "direct".
 */
export function requestSource(headers: Headers): string {
  const hops = headers
    .get('x-forwarded-for')
    ?.split(',')
    .map((h) => h.trim())
    .filter(Boolean)
  const ip = hops?.at(-1) ?? headers.get('x-real-ip')?.trim()
  return ip ? ip.slice(0, 64) : 'direct'
}

export function noteRefusal(source: string, kind: RefusalKind, reason: string, action?: string): Noted {
  const l = ledger()
  const noted = l.note(source, kind, reason, action)
  scheduleFlush(l)
  return noted
}

export function sourceLimited(source: string): boolean {
  return ledger().limited(source)
}

export const TOO_MANY =
  'Too many refused requests from your address; wait a minute and sign in again from the console.'
