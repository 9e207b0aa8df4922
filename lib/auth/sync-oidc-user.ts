import 'server-only'
import { createHash } from 'node:crypto'
import { db } from '@/lib/db/client'
import { mapGroups, type GroupMap } from '@/lib/auth/oidc-groups'

export interface OidcProfile {
  subject: string
  username: string
  name?: string | null
  email?: string | null
  groups: string[]
}

type Tx = Parameters<Parameters<ReturnType<typeof db>['$transaction']>[0]>[0]

/**
 * `provider:username`, or, when another identity of the provider already holds that name (an
 * account re-created at the provider, or two people with one login name), the name plus a short
 * digest of the subject. Never the other identity's user: that would hand one person another's
 * roles, sessions and audit trail.
 */
async function freeUsername(tx: Tx, provider: string, profile: OidcProfile): Promise<string> {
  const name = `${provider}:${profile.username}`
  if (!(await tx.user.findUnique({ where: { username: name }, select: { id: true } }))) return name
  return `${name}#${createHash('sha256').update(profile.subject).digest('hex').slice(0, 8)}`
}

/**
 * Creates or updates the console user for an OIDC identity and replaces its OIDC-sourced
 * memberships with what the groups claim maps to now. Returns the user id.
 */
export async function syncOidcUser(provider: string, profile: OidcProfile, map: GroupMap): Promise<string> {
  const access = mapGroups(profile.groups, map)
  return db().$transaction(async (tx) => {
    const account = await tx.account.findUnique({
      where: { provider_providerAccountId: { provider, providerAccountId: profile.subject } },
    })
    const user = account
      ? await tx.user.update({
          where: { id: account.userId },
          data: { name: profile.name ?? null, globalRole: access.globalRole },
        })
      : await tx.user.create({
          data: {
            username: await freeUsername(tx, provider, profile),
            name: profile.name ?? null,
            email: profile.email ?? null,
            globalRole: access.globalRole,
            accounts: { create: { provider, providerAccountId: profile.subject } },
          },
        })
    await tx.membership.deleteMany({ where: { userId: user.id, source: 'oidc' } })
    for (const teamName of access.memberTeams) {
      const team = await tx.team.findUnique({ where: { name: teamName } })
      if (!team) continue
      const role = access.operatorTeams.includes(teamName) ? 'operator' : 'member'
      await tx.membership.upsert({
        where: { userId_teamId: { userId: user.id, teamId: team.id } },
        create: { userId: user.id, teamId: team.id, role, source: 'oidc' },
        update: { role, source: 'oidc' },
      })
    }
    return user.id
  })
}

/** Group mappings admins made on the Teams page, in the same shape as AIRE_OIDC_GROUP_MAP. */
export async function groupMappingsFromDb(): Promise<GroupMap> {
  const rows = await db().groupMapping.findMany()
  return rows.flatMap((r) =>
    r.role === 'viewer' || r.role === 'operator' || r.role === 'admin'
      ? [{ group: r.group, role: r.role, ...(r.team ? { team: r.team } : {}) }]
      : [],
  )
}
