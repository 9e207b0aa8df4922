import 'server-only'
import { db } from '@/lib/db/client'
import type { OtlpStats } from '@/lib/quality/prober/otlp-exporter'

/**
 * The prober's row (prisma ProberState): its lease and what the page shows about it. The lease
 * follows the claim the hold checker and the cost roll-up use: one UPDATE … WHERE (free, expired
 * or ours) decides, atomic on SQLite (one writer) and PostgreSQL (the loser re-checks the WHERE
 * after the winner commits); a holder that dies lets the lease lapse after its TTL.
 */

export const PROBER = 'golden'

export async function acquireProberLease(holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  try {
    await db().proberState.create({ data: { name: PROBER } })
  } catch {
    // exists already (or another replica created it just now)
  }
  const r = await db().proberState.updateMany({
    where: { name: PROBER, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { holder }] },
    data: { holder, leaseUntil: new Date(now.getTime() + ttlMs) },
  })
  return r.count === 1
}

export async function releaseProberLease(holder: string): Promise<void> {
  await db().proberState.updateMany({
    where: { name: PROBER, holder },
    data: { holder: null, leaseUntil: null },
  })
}

/**
 * Records a round and the exporter's counts. Sent and dropped are added as the change since the
 * last save (`since`), so a new holder continues the deployment's totals rather than resetting them.
 */
export async function saveProberRound(
  holder: string,
  r: { at: Date; ms: number; error: string | null },
  otlp: OtlpStats,
  since: { sent: number; dropped: number },
): Promise<void> {
  await db().proberState.updateMany({
    where: { name: PROBER, holder },
    data: {
      lastRoundAt: r.at,
      lastRoundMs: Math.round(r.ms),
      lastError: r.error?.slice(0, 500) ?? null,
      otlpEnabled: otlp.enabled,
      otlpSent: { increment: otlp.sent - since.sent },
      otlpDropped: { increment: otlp.dropped - since.dropped },
      otlpBuffered: otlp.buffered,
      otlpLastOkAt: otlp.lastOkAt === null ? null : new Date(otlp.lastOkAt),
      otlpLastError: otlp.lastError?.slice(0, 300) ?? null,
      otlpDownSince: otlp.downSince === null ? null : new Date(otlp.downSince),
    },
  })
}

export interface ProberStatus {
  holder: string | null
  leaseUntil: string | null
  /** a replica holds an unexpired lease: a prober is running */
  running: boolean
  lastRoundAt: string | null
  lastRoundMs: number | null
  lastError: string | null
  otlp: {
    enabled: boolean
    sent: number
    buffered: number
    dropped: number
    lastOkAt: string | null
    lastError: string | null
    downSince: string | null
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null

export async function proberStatus(now = new Date()): Promise<ProberStatus | null> {
  const r = await db().proberState.findUnique({ where: { name: PROBER } })
  if (!r) return null
  return {
    holder: r.holder,
    leaseUntil: iso(r.leaseUntil),
    running: r.holder !== null && r.leaseUntil !== null && r.leaseUntil > now,
    lastRoundAt: iso(r.lastRoundAt),
    lastRoundMs: r.lastRoundMs,
    lastError: r.lastError,
    otlp: {
      enabled: r.otlpEnabled,
      sent: r.otlpSent,
      buffered: r.otlpBuffered,
      dropped: r.otlpDropped,
      lastOkAt: iso(r.otlpLastOkAt),
      lastError: r.otlpLastError,
      downSince: iso(r.otlpDownSince),
    },
  }
}

/**
 * A stopping holder's last word: what it still buffers is lost with the process, so it is counted
 * as dropped, and the lease is handed back at once for another replica to take.
 */
export async function saveProberStop(
  holder: string,
  otlp: OtlpStats,
  since: { sent: number; dropped: number },
): Promise<void> {
  await db().proberState.updateMany({
    where: { name: PROBER, holder },
    data: {
      otlpSent: { increment: otlp.sent - since.sent },
      otlpDropped: { increment: otlp.dropped - since.dropped + otlp.buffered },
      otlpBuffered: 0,
      otlpLastOkAt: otlp.lastOkAt === null ? undefined : new Date(otlp.lastOkAt),
      otlpDownSince: otlp.downSince === null ? null : new Date(otlp.downSince),
      holder: null,
      leaseUntil: null,
    },
  })
}
