import 'server-only'
import { db } from '@/lib/db/client'

/**
 * A lease row per job: one UPDATE … WHERE (free or expired or ours) decides who runs, which is
 * atomic on SQLite (one writer) and on PostgreSQL (the loser re-checks the WHERE after the
 * winner commits). Replicas that lose simply skip this round.
 */
export async function acquireLease(
  name: string,
  holder: string,
  ttlMs: number,
  now = new Date(),
): Promise<boolean> {
  try {
    await db().costJob.create({ data: { name } })
  } catch {
    // exists already (or another replica created it just now)
  }
  const r = await db().costJob.updateMany({
    where: { name, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }, { holder }] },
    data: { holder, leaseUntil: new Date(now.getTime() + ttlMs) },
  })
  return r.count === 1
}

export async function releaseLease(name: string, holder: string): Promise<void> {
  await db().costJob.updateMany({ where: { name, holder }, data: { holder: null, leaseUntil: null } })
}
