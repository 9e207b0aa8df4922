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
  await db().session.deleteMany({ where: { id: sessionId } })
}

/** Resolves a session id to the user as of now: role changes and disabling apply at once. */
export async function loadSessionUser(sessionId: string): Promise<SessionUser | null> {
  const session = await db().session.findUnique({
    where: { id: sessionId },
    include: { user: { include: { memberships: { include: { team: true } } } } },
  })
  if (!session || session.expiresAt.getTime() <= Date.now() || session.user.disabled) return null
  const u = session.user
  const globalRole = u.globalRole === 'admin' ? 'admin' : 'viewer'
  const operatorTeams = u.memberships
    .filter((m) => m.role === 'operator')
    .map((m) => m.team.name)
    .sort()
  const memberTeams = u.memberships.map((m) => m.team.name).sort()
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    globalRole,
    role: effectiveRole(globalRole, operatorTeams),
    operatorTeams,
    memberTeams,
    sessionId: session.id,
  }
}
