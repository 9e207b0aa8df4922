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
 * Session lookups, per process. Open pages poll, so without reuse every request is a database
 * round trip through the ORM (under 200 users that lookup was most of a request's time). A
 * lookup is reused while the auth epoch (table AuthEpoch, bumped by triggers on every change to
 * sessions, users, memberships and teams) is unchanged; the epoch is read at most once per
 * EPOCH_POLL_MS per process, for all sessions together. So a sign-out, disabling or role change
 * on any replica applies to reads everywhere within about a second, at one tiny query per second
 * instead of one per request. Writes always look up afresh (`fresh`). MAX_REUSE_MS bounds a
 * lookup's life even if the epoch were never bumped. While the database does not answer, reads
 * keep the last answer up to STALE_IF_DOWN_MS, so a database restart does not sign everyone out
 * of the views they are watching.
 */
const EPOCH_POLL_MS = 1_000
const MAX_REUSE_MS = 60_000
const STALE_IF_DOWN_MS = 5 * 60_000
const MAX_ENTRIES = 20_000
interface Recent {
  user: SessionUser | null
  at: number
  expiresAt: number
  /** the auth epoch read before the lookup: reusable while the epoch is still this */
  epoch: number | null
}
const g = globalThis as unknown as {
  aireRecentSessions?: Map<string, Recent>
  aireAuthEpoch?: { value: number; checkedAt: number; inflight: Promise<number> | null }
}
const recent: Map<string, Recent> = (g.aireRecentSessions ??= new Map())
const epochState = (g.aireAuthEpoch ??= { value: -1, checkedAt: -Infinity, inflight: null })

function remember(sessionId: string, entry: Recent) {
  recent.delete(sessionId)
  recent.set(sessionId, entry)
  if (recent.size > MAX_ENTRIES) recent.delete(recent.keys().next().value!)
}

function readEpoch(now: number): Promise<number> {
  epochState.inflight ??= db()
    .authEpoch.findUnique({ where: { id: 1 } })
    .then((row) => {
      epochState.value = row?.epoch ?? 0
      // the time the read started: the value is at least this fresh
      epochState.checkedAt = now
      return epochState.value
    })
    .finally(() => {
      epochState.inflight = null
    })
  return epochState.inflight
}

/**
 * The auth epoch as of at most EPOCH_POLL_MS ago; one query in flight per process at a time.
 * Past half that age a request starts the next read without waiting for it, so under steady
 * traffic no request waits on the database for the epoch; only the first after a quiet second does.
 */
async function authEpoch(now: number): Promise<number> {
  const age = now - epochState.checkedAt
  if (age >= 0 && age < EPOCH_POLL_MS) {
    if (age >= EPOCH_POLL_MS / 2) readEpoch(now).catch(() => {})
    return epochState.value
  }
  return readEpoch(now)
}

/**
 * The session's user: a reused lookup for reads while nothing that could change it has changed,
 * always from the database for writes (`fresh: true`).
 */
export async function loadSessionUser(
  sessionId: string,
  opts: { fresh?: boolean; now?: number } = {},
): Promise<SessionUser | null> {
  const now = opts.now ?? Date.now()
  const hit = recent.get(sessionId)
  // A session's expiry never moves: once past it, no database answer is needed to say so.
  if (hit?.user && hit.expiresAt <= now) return null
  const usable = hit && hit.expiresAt > now
  let epoch: number | null = null
  try {
    epoch = await authEpoch(now)
  } catch (e) {
    if (!opts.fresh && usable && now - hit.at < STALE_IF_DOWN_MS) return hit.user
    throw e
  }
  if (!opts.fresh && hit && hit.epoch === epoch && now - hit.at < MAX_REUSE_MS)
    return usable ? hit.user : null
  try {
    const { user, expiresAt } = opts.fresh
      ? await lookupSessionUser(sessionId, now)
      : await sharedLookup(sessionId, now)
    remember(sessionId, { user, at: now, expiresAt, epoch })
    return user
  } catch (e) {
    if (!opts.fresh && usable && now - hit.at < STALE_IF_DOWN_MS) return hit.user
    throw e
  }
}

/**
 * Reads of one session that arrive while its lookup is in flight share that lookup: a page that
 * opens its event stream and its first data request at once (every user of a replica that just
 * started) costs one query, not two. Writes never share (they look up afresh).
 */
const inflight = new Map<string, Promise<{ user: SessionUser | null; expiresAt: number }>>()
function sharedLookup(sessionId: string, now: number) {
  let p = inflight.get(sessionId)
  if (!p) {
    p = lookupSessionUser(sessionId, now).finally(() => inflight.delete(sessionId))
    inflight.set(sessionId, p)
  }
  return p
}

/** One row per membership of the session's user (one row with null team fields if it has none). */
interface SessionRow {
  sessionId: string
  expiresAt: Date
  userId: string
  username: string
  name: string | null
  globalRole: string
  disabled: boolean
  memberRole: string | null
  teamName: string | null
}

/**
 * Resolves a session id to the user as of now: role changes and disabling apply at once. One
 * joined query: the ORM's nested include is a query per relation (session, user, memberships,
 * teams), and every new session's first request waits on this lookup.
 */
async function lookupSessionUser(
  sessionId: string,
  now: number,
): Promise<{ user: SessionUser | null; expiresAt: number }> {
  const rows = await db().$queryRaw<SessionRow[]>`
    SELECT s."id" AS "sessionId", s."expiresAt" AS "expiresAt", u."id" AS "userId",
           u."username" AS "username", u."name" AS "name", u."globalRole" AS "globalRole",
           u."disabled" AS "disabled", m."role" AS "memberRole", t."name" AS "teamName"
    FROM "Session" s
    JOIN "User" u ON u."id" = s."userId"
    LEFT JOIN "Membership" m ON m."userId" = u."id"
    LEFT JOIN "Team" t ON t."id" = m."teamId"
    WHERE s."id" = ${sessionId}`
  const first = rows[0]
  const expiresAt = first ? new Date(first.expiresAt).getTime() : 0
  if (!first || expiresAt <= now || Boolean(first.disabled)) return { user: null, expiresAt: 0 }
  const memberships = rows.flatMap((r) =>
    r.teamName === null ? [] : [{ role: r.memberRole, team: r.teamName }],
  )
  const globalRole = first.globalRole === 'admin' ? 'admin' : 'viewer'
  const operatorTeams = memberships
    .filter((m) => m.role === 'operator')
    .map((m) => m.team)
    .sort()
  const memberTeams = memberships.map((m) => m.team).sort()
  return {
    expiresAt,
    user: {
      id: first.userId,
      username: first.username,
      name: first.name,
      globalRole,
      role: effectiveRole(globalRole, operatorTeams),
      operatorTeams,
      memberTeams,
      sessionId: first.sessionId,
    },
  }
}
