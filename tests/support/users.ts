import { effectiveRole, type SessionUser } from '@/lib/auth/permissions'

function user(username: string, globalRole: 'viewer' | 'admin', operatorTeams: string[]): SessionUser {
  return {
    id: `test-${username}`,
    username,
    name: username,
    globalRole,
    role: effectiveRole(globalRole, operatorTeams),
    operatorTeams,
    memberTeams: operatorTeams,
    sessionId: `session-${username}`,
  }
}

/** The five kinds of caller of the authorization matrix. */
export const CALLERS = {
  anonymous: null,
  viewer: user('matrix-viewer', 'viewer', []),
  operator: user('matrix-operator-assistant', 'viewer', ['assistant']),
  otherOperator: user('matrix-operator-search', 'viewer', ['search']),
  admin: user('matrix-admin', 'admin', []),
} as const

export type Caller = keyof typeof CALLERS
