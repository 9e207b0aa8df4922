import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'

const url = process.env.DATABASE_URL ?? 'file:./.aire/test.db'
process.env.DATABASE_URL = url

let db: typeof import('@/lib/db/client').db
let sessions: typeof import('@/lib/auth/sessions')
let syncOidcUser: typeof import('@/lib/auth/sync-oidc-user').syncOidcUser
let recordAudit: typeof import('@/lib/audit/record-audit').recordAudit

beforeAll(async () => {
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(url)
  ;({ db } = await import('@/lib/db/client'))
  sessions = await import('@/lib/auth/sessions')
  ;({ syncOidcUser } = await import('@/lib/auth/sync-oidc-user'))
  ;({ recordAudit } = await import('@/lib/audit/record-audit'))
  for (const name of ['assistant', 'search']) {
    await db().team.upsert({ where: { name }, create: { name, displayName: name }, update: {} })
  }
})

const unique = (p: string) => `${p}-${randomUUID().slice(0, 8)}`

describe(`database (${url.split(':')[0]})`, () => {
  it('migrations are idempotent: a second run applies nothing', async () => {
    const { migrate } = await import('@/lib/db/migrate')
    const again = await migrate(url)
    expect(again.applied).toEqual([])
    expect(again.skipped.length).toBeGreaterThan(0)
  })

  it('audit events are append-only: the database refuses updates and deletes', async () => {
    const id = await recordAudit({
      actor: unique('auditor'),
      actorRole: 'admin',
      action: 'test.append',
      result: 'applied',
      requestId: randomUUID(),
    })
    // PostgreSQL passes the trigger's message through; SQLite's driver adapter reports a trigger
    // abort as a constraint violation. Either way the database must refuse and keep the row.
    await expect(db().auditEvent.update({ where: { id }, data: { result: 'refused' } })).rejects.toThrow()
    await expect(db().auditEvent.delete({ where: { id } })).rejects.toThrow()
    expect((await db().auditEvent.findUniqueOrThrow({ where: { id } })).result).toBe('applied')
  })

  it('a session resolves to the user with roles as of now, and ends on sign-out or expiry', async () => {
    const user = await db().user.create({ data: { username: unique('op') } })
    const team = await db().team.findUniqueOrThrow({ where: { name: 'assistant' } })
    const sid = await sessions.openSession(user.id, 12)
    expect((await sessions.loadSessionUser(sid, { fresh: true }))?.role).toBe('viewer')
    await db().membership.create({ data: { userId: user.id, teamId: team.id, role: 'operator' } })
    const asOperator = await sessions.loadSessionUser(sid, { fresh: true })
    expect(asOperator?.role).toBe('operator')
    expect(asOperator?.operatorTeams).toEqual(['assistant'])
    // every membership counts (one joined row each), operator rights only where granted
    const search = await db().team.findUniqueOrThrow({ where: { name: 'search' } })
    await db().membership.create({ data: { userId: user.id, teamId: search.id, role: 'member' } })
    await db().user.update({ where: { id: user.id }, data: { name: 'Olga Operator' } })
    expect(await sessions.loadSessionUser(sid, { fresh: true })).toEqual({
      id: user.id,
      username: user.username,
      name: 'Olga Operator',
      globalRole: 'viewer',
      role: 'operator',
      operatorTeams: ['assistant'],
      memberTeams: ['assistant', 'search'],
      sessionId: sid,
    })
    await db().user.update({ where: { id: user.id }, data: { globalRole: 'admin' } })
    expect((await sessions.loadSessionUser(sid, { fresh: true }))?.role).toBe('admin')
    await db().user.update({ where: { id: user.id }, data: { globalRole: 'viewer' } })
    await db().user.update({ where: { id: user.id }, data: { disabled: true } })
    expect(await sessions.loadSessionUser(sid, { fresh: true })).toBeNull()
    // a read reuses its lookup only while the auth epoch stands: the disabling bumped it, and
    // every process re-reads the epoch within a second
    expect(await sessions.loadSessionUser(sid, { now: Date.now() + 1000 })).toBeNull()
    await db().user.update({ where: { id: user.id }, data: { disabled: false } })
    await sessions.closeSession(sid)
    expect(await sessions.loadSessionUser(sid, { fresh: true })).toBeNull()
    const expired = await db().session.create({
      data: { userId: user.id, expiresAt: new Date(Date.now() - 1000) },
    })
    expect(await sessions.loadSessionUser(expired.id, { fresh: true })).toBeNull()
  })

  it('the auth epoch moves on every change that can revoke or alter a session, and on nothing else', async () => {
    const epoch = async () => (await db().authEpoch.findUniqueOrThrow({ where: { id: 1 } })).epoch
    const user = await db().user.create({ data: { username: unique('epoch') } })
    const team = await db().team.findUniqueOrThrow({ where: { name: 'search' } })
    let before = await epoch()
    const sid = await sessions.openSession(user.id, 1)
    await recordAudit({
      actor: 'x',
      actorRole: 'admin',
      action: 'test.epoch',
      result: 'applied',
      requestId: randomUUID(),
    })
    expect(await epoch(), 'a new session or an audit row revokes nothing').toBe(before)
    const changes: [string, () => Promise<unknown>][] = [
      [
        'membership added',
        () => db().membership.create({ data: { userId: user.id, teamId: team.id, role: 'member' } }),
      ],
      [
        'membership role',
        () => db().membership.updateMany({ where: { userId: user.id }, data: { role: 'operator' } }),
      ],
      ['user disabled', () => db().user.update({ where: { id: user.id }, data: { disabled: true } })],
      ['membership removed', () => db().membership.deleteMany({ where: { userId: user.id } })],
      ['signed out', () => sessions.closeSession(sid)],
      ['user deleted', () => db().user.delete({ where: { id: user.id } })],
    ]
    for (const [what, change] of changes) {
      await change()
      const now = await epoch()
      expect(now, what).toBeGreaterThan(before)
      before = now
    }
  })

  it('an OIDC sign-in maps groups to team roles and re-syncs them at the next sign-in', async () => {
    const subject = unique('sub')
    const map = [
      { group: 'search-oncall', role: 'operator' as const, team: 'search' },
      { group: 'platform', role: 'admin' as const },
    ]
    const id = await syncOidcUser(
      'oidc',
      { subject, username: 'sam', name: 'Sam', groups: ['search-oncall', 'misc'] },
      map,
    )
    let sid = await sessions.openSession(id, 1)
    let user = await sessions.loadSessionUser(sid, { fresh: true })
    expect(user?.role).toBe('operator')
    expect(user?.operatorTeams).toEqual(['search'])
    const again = await syncOidcUser('oidc', { subject, username: 'sam', name: 'Sam', groups: ['misc'] }, map)
    expect(again).toBe(id)
    sid = await sessions.openSession(id, 1)
    user = await sessions.loadSessionUser(sid, { fresh: true })
    expect(user?.role).toBe('viewer')
    expect(user?.operatorTeams).toEqual([])
  })

  it('a second OIDC identity with a login name already taken gets a user of its own, not the first one', async () => {
    const login = unique('dana')
    const map = [{ group: 'platform', role: 'admin' as const }]
    const first = await syncOidcUser(
      'oidc',
      { subject: unique('sub'), username: login, groups: ['platform'] },
      map,
    )
    const second = await syncOidcUser('oidc', { subject: unique('sub'), username: login, groups: [] }, map)
    expect(second).not.toBe(first)
    const users = await db().user.findMany({ where: { id: { in: [first, second] } } })
    const byId = new Map(users.map((u) => [u.id, u]))
    expect(byId.get(first)?.username).toBe(`oidc:${login}`)
    expect(byId.get(second)?.username).toMatch(new RegExp(`^oidc:${login}#[0-9a-f]{8}$`))
    expect(byId.get(second)?.globalRole).toBe('viewer')
  })
})
