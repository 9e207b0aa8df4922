import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupMapSchema, groupsFromClaim, mapGroups, type GroupMap } from '@/lib/auth/oidc-groups'

const map: GroupMap = [
  { group: 'aire-admins', role: 'admin' },
  { group: 'sre-team-a', role: 'operator', team: 'team-a' },
  { group: 'sre-team-c', role: 'operator', team: 'team-c' },
  { group: 'devs-team-b', role: 'viewer', team: 'team-b' },
]

const viewerOnly = { globalRole: 'viewer', operatorTeams: [], memberTeams: [] }

describe('mapGroups', () => {
  it('no groups or unknown groups give a plain viewer', () => {
    expect(mapGroups([], map)).toEqual(viewerOnly)
    expect(mapGroups(['everyone', 'Domain Users', 'aire-admins-old'], map)).toEqual(viewerOnly)
  })

  it('the admin group makes an admin', () => {
    expect(mapGroups(['aire-admins'], map)).toEqual({
      globalRole: 'admin',
      operatorTeams: [],
      memberTeams: [],
    })
  })

  it('an operator group makes an operator and member of its team, without making an admin', () => {
    expect(mapGroups(['sre-team-a'], map)).toEqual({
      globalRole: 'viewer',
      operatorTeams: ['team-a'],
      memberTeams: ['team-a'],
    })
  })

  it('a viewer group with a team makes a member, not an operator', () => {
    expect(mapGroups(['devs-team-b'], map)).toEqual({
      globalRole: 'viewer',
      operatorTeams: [],
      memberTeams: ['team-b'],
    })
  })

  it('several groups combine, teams sorted and de-duplicated', () => {
    expect(mapGroups(['sre-team-c', 'devs-team-b', 'sre-team-a', 'sre-team-a', 'nope'], map)).toEqual({
      globalRole: 'viewer',
      operatorTeams: ['team-a', 'team-c'],
      memberTeams: ['team-a', 'team-b', 'team-c'],
    })
    expect(mapGroups(['sre-team-a', 'aire-admins'], map)).toEqual({
      globalRole: 'admin',
      operatorTeams: ['team-a'],
      memberTeams: ['team-a'],
    })
  })

  it('matches group names exactly (case and whitespace matter)', () => {
    expect(mapGroups(['AIRE-ADMINS', ' aire-admins', 'aire-admins '], map)).toEqual(viewerOnly)
  })

  it('an admin rule with a team also operates that team', () => {
    const m: GroupMap = [{ group: 'leads', role: 'admin', team: 'team-x' }]
    expect(mapGroups(['leads'], m)).toEqual({
      globalRole: 'admin',
      operatorTeams: ['team-x'],
      memberTeams: ['team-x'],
    })
  })

  it('an operator rule without a team grants nothing beyond viewer', () => {
    const m: GroupMap = [{ group: 'ops', role: 'operator' }]
    expect(mapGroups(['ops'], m)).toEqual(viewerOnly)
  })

  it('unknown groups never change the result, and the order of groups does not matter', () => {
    const known = fc.subarray(map.map((r) => r.group))
    const unknown = fc.array(
      fc.string().filter((g) => !map.some((r) => r.group === g)),
      { maxLength: 6 },
    )
    fc.assert(
      fc.property(known, unknown, (k, u) => {
        const expected = mapGroups(k, map)
        expect(mapGroups([...u, ...k], map)).toEqual(expected)
        expect(mapGroups([...k].reverse(), map)).toEqual(expected)
        expect(expected.globalRole).toBe(k.includes('aire-admins') ? 'admin' : 'viewer')
      }),
    )
  })

  it('with an empty map everybody is a plain viewer', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (groups) => {
        expect(mapGroups(groups, [])).toEqual(viewerOnly)
      }),
    )
  })

  it('the configuration schema refuses a team that is not a DNS label and an unknown role', () => {
    expect(groupMapSchema.safeParse([{ group: 'g', role: 'operator', team: 'Team A' }]).success).toBe(false)
    expect(groupMapSchema.safeParse([{ group: 'g', role: 'superuser' }]).success).toBe(false)
    expect(groupMapSchema.safeParse([{ group: '', role: 'viewer' }]).success).toBe(false)
    expect(groupMapSchema.safeParse(map).success).toBe(true)
  })
})

describe('groupsFromClaim', () => {
  it('reads an array of strings', () => {
    expect(groupsFromClaim(['aire-admins', 'sre-team-a'])).toEqual(['aire-admins', 'sre-team-a'])
  })

  it('drops non-string entries from an array', () => {
    expect(groupsFromClaim(['a', 1, null, undefined, { name: 'b' }, ['c'], true, 'd'])).toEqual(['a', 'd'])
  })

  it('reads a comma-separated string, trimming and dropping empty parts', () => {
    expect(groupsFromClaim('aire-admins, sre-team-a ,,  ,devs')).toEqual([
      'aire-admins',
      'sre-team-a',
      'devs',
    ])
    expect(groupsFromClaim('single')).toEqual(['single'])
    expect(groupsFromClaim('')).toEqual([])
    expect(groupsFromClaim(' , ')).toEqual([])
  })

  it('treats anything else as no groups', () => {
    for (const junk of [undefined, null, 0, 42, true, {}, { groups: ['a'] }, () => 'a', Symbol('g')]) {
      expect(groupsFromClaim(junk)).toEqual([])
    }
  })

  it('always returns strings only, for any claim', () => {
    fc.assert(
      fc.property(fc.anything(), (claim) => {
        const groups = groupsFromClaim(claim)
        expect(Array.isArray(groups)).toBe(true)
        expect(groups.every((g) => typeof g === 'string')).toBe(true)
      }),
    )
  })
})
