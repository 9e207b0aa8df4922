import 'server-only'
import { db } from '@/lib/db/client'
import { effectiveRole, type SessionUser } from '@/lib/auth/permissions'

/** Opens a server-side session row; the signed cookie only carries its id. */
export async function openSession(userId: string, hours: number, userAgent?: string): Promise<string> {
  const row = await db().session.create({
    data: { userId, expiresAt: new Date(Date.now() + hours * 3600_000), userAgent: userAgent?.slice(0, 200) },
  })
  return row.id
}

export async function closeSession(sessionId: string): Promise<void> {
  recent.delete(sessionId)
  await db().session.deleteMany({ where: { id: sessionId } })
}

/**
 * Session lookups of the last few seconds, per process. Every open page polls once a second, so
 * without this each poll is a database round trip (~1 ms of CPU each: at 200 users, a fifth of a
 * core). Reads may be REUSE_MS old — a role change, disabling or a sign-out on another replica
 * applies to reads within that time; writes always look up afresh (`fresh`). While the database
 * does not answer, reads keep the last answer up to STALE_IF_DOWN_MS, so a database restart does
 * not sign everyone out of the views they are watching.
 */
const REUSE_MS = 2_000
const STALE_IF_DOWN_MS = 5 * 60_000
const MAX_ENTRIES = 20_000
interface Recent {
  user: SessionUser | null
  at: number
  expiresAt: number
}
const g = globalThis as unknown as { aireRecentSessions?: Map<string, Recent> }
const recent: Map<string, Recent> = (g.aireRecentSessions ??= new Map())

function remember(sessionId: string, entry: Recent) {
  recent.delete(sessionId)
  recent.set(sessionId, entry)
  if (recent.size > MAX_ENTRIES) recent.delete(recent.keys().next().value!)
}

/**
 * The session's user: from a lookup of the last REUSE_MS for reads, always from the database for
 * writes (`fresh: true`).
 */
export async function loadSessionUser(
  sessionId: string,
  opts: { fresh?: boolean; now?: number } = {},
): Promise<SessionUser | null> {
  const now = opts.now ?? Date.now()
  const hit = recent.get(sessionId)
  const usable = hit && hit.expiresAt > now
  if (!opts.fresh && hit && now - hit.at < REUSE_MS) return usable ? hit.user : null
  try {
    const { user, expiresAt } = await lookupSessionUser(sessionId, now)
    remember(sessionId, { user, at: now, expiresAt })
    return user
  } catch (e) {
    if (!opts.fresh && usable && now - hit.at < STALE_IF_DOWN_MS) return hit.user
    throw e
  }
}

/** Resolves a session id to the user as of now: role changes and disabling apply at once. */
async function lookupSessionUser(
  sessionId: string,
  now: number,
): Promise<{ user: SessionUser | null; expiresAt: number }> {
  const session = await db().session.findUnique({
    where: { id: sessionId },
    include: { user: { include: { memberships: { include: { team: true } } } } },
  })
  if (!session || session.expiresAt.getTime() <= now || session.user.disabled)
    return { user: null, expiresAt: 0 }
  const u = session.user
  const globalRole = u.globalRole === 'admin' ? 'admin' : 'viewer'
  const operatorTeams = u.memberships
    .filter((m) => m.role === 'operator')
    .map((m) => m.team.name)
    .sort()
  const memberTeams = u.memberships.map((m) => m.team.name).sort()
  return {
    expiresAt: session.expiresAt.getTime(),
    user: {
      id: u.id,
      username: u.username,
      name: u.name,
      globalRole,
      role: effectiveRole(globalRole, operatorTeams),
      operatorTeams,
      memberTeams,
      sessionId: session.id,
    },
  }
}
