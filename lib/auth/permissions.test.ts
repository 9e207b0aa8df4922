import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  K8S_GROUPS,
  canAdmin,
  canOperate,
  canView,
  effectiveRole,
  kubernetesIdentity,
  type SessionUser,
} from '@/lib/auth/permissions'

const A = 'team-a'
const B = 'team-b'

function user(
  globalRole: 'viewer' | 'admin',
  operatorTeams: string[],
  memberTeams: string[] = operatorTeams,
): SessionUser {
  return {
    id: `id-${globalRole}-${operatorTeams.join('+')}`,
    username: `${globalRole}-${operatorTeams.join('+') || 'none'}`,
    name: 'Display Name',
    role: effectiveRole(globalRole, operatorTeams),
    globalRole,
    operatorTeams,
    memberTeams,
    sessionId: 's-1',
  }
}

const users = {
  anonymous: null,
  viewer: user('viewer', [], [A]),
  operatorA: user('viewer', [A], [A, B]),
  admin: user('admin', []),
} as const
type Who = keyof typeof users
type Team = typeof A | typeof B | null

// Expected answers, as a person using the console would describe them.
const matrix: { who: Who; view: boolean; admin: boolean; operate: Record<string, boolean> }[] = [
  { who: 'anonymous', view: false, admin: false, operate: { [A]: false, [B]: false, null: false } },
  { who: 'viewer', view: true, admin: false, operate: { [A]: false, [B]: false, null: false } },
  { who: 'operatorA', view: true, admin: false, operate: { [A]: true, [B]: false, null: false } },
  { who: 'admin', view: true, admin: true, operate: { [A]: true, [B]: true, null: true } },
]

describe('effectiveRole', () => {
  it('is admin for admins, operator with at least one operated team, viewer otherwise', () => {
    expect(effectiveRole('admin', [])).toBe('admin')
    expect(effectiveRole('admin', [A])).toBe('admin')
    expect(effectiveRole('viewer', [A])).toBe('operator')
    expect(effectiveRole('viewer', [])).toBe('viewer')
  })
})

describe('permission matrix', () => {
  for (const row of matrix) {
    const u = users[row.who]
    it(`${row.who}: canView=${row.view}, canAdmin=${row.admin}`, () => {
      expect(canView(u)).toBe(row.view)
      expect(canAdmin(u)).toBe(row.admin)
    })
    for (const team of [A, B, null] as Team[]) {
      const want = row.operate[String(team)]
      it(`${row.who} ${want ? 'can' : 'cannot'} operate objects of team ${String(team)}`, () => {
        expect(canOperate(u, team)).toBe(want)
      })
    }
  }

  it('an object without a team (undefined or empty label) is operable by admins only', () => {
    for (const team of [undefined, '']) {
      expect(canOperate(users.admin, team)).toBe(true)
      expect(canOperate(users.operatorA, team)).toBe(false)
      expect(canOperate(users.viewer, team)).toBe(false)
    }
  })

  it('membership alone does not grant operating a team', () => {
    // operatorA is a member of team-b but operates only team-a; viewer is a member of team-a.
    expect(canOperate(users.operatorA, B)).toBe(false)
    expect(canOperate(users.viewer, A)).toBe(false)
  })

  it('team names match exactly (no prefix or case folding)', () => {
    expect(canOperate(users.operatorA, 'team-a-prod')).toBe(false)
    expect(canOperate(users.operatorA, 'team')).toBe(false)
    expect(canOperate(users.operatorA, 'TEAM-A')).toBe(false)
  })
})

describe('kubernetesIdentity', () => {
  it('a viewer is impersonated as aire:viewers only', () => {
    expect(kubernetesIdentity(users.viewer)).toEqual({
      user: users.viewer.username,
      groups: ['aire:viewers'],
    })
  })

  it('an operator gets aire:operators:<team> for each operated team, not for member-only teams', () => {
    expect(kubernetesIdentity(users.operatorA)).toEqual({
      user: users.operatorA.username,
      groups: ['aire:viewers', 'aire:operators:team-a'],
    })
    const two = user('viewer', [A, B])
    expect(kubernetesIdentity(two).groups).toEqual([
      'aire:viewers',
      'aire:operators:team-a',
      'aire:operators:team-b',
    ])
  })

  it('an admin gets aire:admins', () => {
    expect(kubernetesIdentity(users.admin).groups).toEqual(['aire:viewers', 'aire:admins'])
  })

  it('uses the username, never the display name or id', () => {
    expect(kubernetesIdentity(users.admin).user).toBe(users.admin.username)
  })

  it('emits exactly the groups the user has, for any combination of role and teams', () => {
    const team = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/)
    fc.assert(
      fc.property(
        fc.constantFrom<'viewer' | 'admin'>('viewer', 'admin'),
        fc.uniqueArray(team, { maxLength: 5 }),
        fc.uniqueArray(team, { maxLength: 5 }),
        (globalRole, operatorTeams, memberTeams) => {
          const u = user(globalRole, operatorTeams, memberTeams)
          const { groups } = kubernetesIdentity(u)
          const allowed = new Set([
            K8S_GROUPS.viewers,
            ...operatorTeams.map((t) => K8S_GROUPS.operators(t)),
            ...(globalRole === 'admin' ? [K8S_GROUPS.admins] : []),
          ])
          expect(new Set(groups)).toEqual(allowed)
          expect(groups).toHaveLength(allowed.size)
          if (globalRole !== 'admin') expect(groups).not.toContain('aire:admins')
          for (const t of memberTeams.filter((m) => !operatorTeams.includes(m))) {
            expect(groups).not.toContain(`aire:operators:${t}`)
          }
        },
      ),
    )
  })
})
