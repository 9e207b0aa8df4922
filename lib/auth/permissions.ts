import 'server-only'

export type Role = 'viewer' | 'operator' | 'admin'

/** The signed-in user as every check sees it; built on the server from the session row. */
export interface SessionUser {
  id: string
  username: string
  name: string | null
  role: Role
  globalRole: 'viewer' | 'admin'
  operatorTeams: string[]
  memberTeams: string[]
  sessionId: string
}

export function effectiveRole(globalRole: 'viewer' | 'admin', operatorTeams: readonly string[]): Role {
  if (globalRole === 'admin') return 'admin'
  return operatorTeams.length > 0 ? 'operator' : 'viewer'
}

export function canView(user: SessionUser | null): user is SessionUser {
  return user !== null
}

/** Operators change objects of their own teams; admins change everything. */
export function canOperate(user: SessionUser | null, team: string | null | undefined): boolean {
  if (!user) return false
  if (user.role === 'admin') return true
  return Boolean(team) && user.operatorTeams.includes(team as string)
}

export function canAdmin(user: SessionUser | null): boolean {
  return user?.role === 'admin'
}

export const K8S_GROUPS = {
  viewers: 'aire:viewers',
  admins: 'aire:admins',
  operators: (team: string) => `aire:operators:${team}`,
} as const

/**
 * The identity the console impersonates for this user, so that cluster RBAC has the last word.
 * Built only from the server-side session, never from request headers.
 */
export function kubernetesIdentity(user: SessionUser): { user: string; groups: string[] } {
  const groups: string[] = [K8S_GROUPS.viewers, ...user.operatorTeams.map(K8S_GROUPS.operators)]
  if (user.role === 'admin') groups.push(K8S_GROUPS.admins)
  return { user: user.username, groups }
}
