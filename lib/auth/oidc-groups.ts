import { z } from 'zod'
import { teamNameSchema } from '@/lib/validations/team'

export const groupMapSchema = z.array(
  z.object({
    group: z.string().min(1),
    role: z.enum(['viewer', 'operator', 'admin']),
    team: teamNameSchema.optional(),
  }),
)
export type GroupMap = z.infer<typeof groupMapSchema>

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
