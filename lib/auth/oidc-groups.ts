import type { GroupMap } from '@/lib/validations/group-map'

// The map is configuration (lib/config/env reads it); re-exported for the sign-in code and its tests.
export { groupMapSchema, type GroupMap } from '@/lib/validations/group-map'

export interface MappedAccess {
  globalRole: 'viewer' | 'admin'
  operatorTeams: string[]
  memberTeams: string[]
}

/** Maps an OIDC groups claim to console access; unknown groups grant nothing beyond viewer. */
export function mapGroups(groups: readonly string[], map: GroupMap): MappedAccess {
  const have = new Set(groups)
  let globalRole: MappedAccess['globalRole'] = 'viewer'
  const operator = new Set<string>()
  const member = new Set<string>()
  for (const rule of map) {
    if (!have.has(rule.group)) continue
    if (rule.role === 'admin') globalRole = 'admin'
    if (rule.team) {
      member.add(rule.team)
      if (rule.role === 'operator' || rule.role === 'admin') operator.add(rule.team)
    }
  }
  return { globalRole, operatorTeams: [...operator].sort(), memberTeams: [...member].sort() }
}

/** Reads a groups claim that may be an array, a comma-separated string, or absent. */
export function groupsFromClaim(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string')
  if (typeof claim === 'string')
    return claim
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean)
  return []
}
