import { beforeEach, describe, expect, it, vi } from 'vitest'

// The session row and auth epoch as the database would return them; `down` makes it refuse.
const state = vi.hoisted(() => ({
  calls: 0,
  /** the auth epoch triggers would bump on any change */
  epoch: 0,
  down: false,
  /** epoch reads wait on this while set (a slow database) */
  epochGate: null as Promise<void> | null,
  epochReads: 0,
  role: 'viewer' as 'viewer' | 'admin',
  disabled: false,
  expiresAt: new Date('2026-11-27T12:00:00Z'),
}))

vi.mock('@/lib/db/client', () => ({
  db: () => ({
    // the joined session lookup: one row per membership (victor has one, as a member of search)
    $queryRaw: async (_sql: TemplateStringsArray, id: string) => {
      state.calls++
      if (state.down) throw new Error("Can't reach database server")
      return [
        {
          sessionId: id,
          expiresAt: state.expiresAt,
          userId: 'u1',
          username: 'victor',
          name: 'Victor',
          globalRole: state.role,
          disabled: state.disabled,
          memberRole: 'member',
          teamName: 'search',
        },
      ]
    },
    session: {
      deleteMany: async () => ({ count: 1 }),
    },
    authEpoch: {
      findUnique: async () => {
        state.epochReads++
        if (state.epochGate) await state.epochGate
        if (state.down) throw new Error("Can't reach database server")
        return { id: 1, epoch: state.epoch }
      },
    },
  }),
}))

const { closeSession, loadSessionUser } = await import('./sessions')
const T = new Date('2026-11-27T10:00:00Z').getTime()
let sid = 0

describe('loadSessionUser', () => {
  beforeEach(() => {
    Object.assign(state, {
      calls: 0,
      down: false,
      role: 'viewer',
      disabled: false,
      epochGate: null,
      epochReads: 0,
    })
    const epoch = (globalThis as { aireAuthEpoch?: { checkedAt: number } }).aireAuthEpoch
    if (epoch) epoch.checkedAt = -Infinity
    sid++
  })

  it('answers reads from one lookup while the auth epoch stands; writes always ask the database', async () => {
    const id = `s${sid}`
    expect((await loadSessionUser(id, { now: T }))?.role).toBe('viewer')
    await loadSessionUser(id, { now: T + 500 })
    await loadSessionUser(id, { now: T + 30_000 })
    expect(state.calls).toBe(1)
    state.role = 'admin'
    state.epoch++
    expect((await loadSessionUser(id, { now: T + 30_100, fresh: true }))?.role).toBe('admin')
    expect(state.calls).toBe(2)
  })

  it('sees a role change or disabling on reads within a second of the epoch moving', async () => {
    const id = `s${sid}`
    await loadSessionUser(id, { now: T })
    state.disabled = true
    state.epoch++
    // the epoch read at T is still current for this process…
    expect(await loadSessionUser(id, { now: T + 999 })).not.toBeNull()
    // …and re-read a second later
    expect(await loadSessionUser(id, { now: T + 1000 })).toBeNull()
  })

  it('reads the epoch once a second for all sessions together', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `s${sid}-${i}`)
    for (const id of ids) await loadSessionUser(id, { now: T })
    state.calls = 0
    for (const id of ids) await loadSessionUser(id, { now: T + 5_000 })
    expect(state.calls, 'no session lookups while the epoch stands').toBe(0)
  })

  it('under steady traffic, refreshes the epoch ahead of need: no read waits on the database for it', async () => {
    const id = `s${sid}`
    await loadSessionUser(id, { now: T })
    let open!: () => void
    state.epochGate = new Promise((r) => (open = r))
    state.epochReads = 0
    // past half a second, the read answers from the epoch it has and starts the next read
    const answer = await Promise.race([
      loadSessionUser(id, { now: T + 600 }),
      new Promise((r) => setTimeout(() => r('waited'), 200)),
    ])
    expect(answer).not.toBe('waited')
    expect(state.epochReads).toBe(1)
    state.role = 'admin'
    state.epoch++
    open()
    await new Promise((r) => setTimeout(r, 0))
    // that read began at T+600, so it serves until T+1600 without another
    expect((await loadSessionUser(id, { now: T + 1_050 }))?.role).toBe('admin')
    expect(state.epochReads).toBe(1)
  })

  it('shares one lookup between reads of a session that arrive together; writes look up on their own', async () => {
    const id = `s${sid}`
    const reads = await Promise.all([loadSessionUser(id, { now: T }), loadSessionUser(id, { now: T })])
    expect(reads.map((u) => u?.username)).toEqual(['victor', 'victor'])
    expect(state.calls).toBe(1)
    await Promise.all([
      loadSessionUser(`${id}-w`, { now: T, fresh: true }),
      loadSessionUser(`${id}-w`, { now: T, fresh: true }),
    ])
    expect(state.calls).toBe(3)
  })

  it('does not reuse a lookup past a minute even if the epoch never moved', async () => {
    const id = `s${sid}`
    await loadSessionUser(id, { now: T })
    state.disabled = true
    expect(await loadSessionUser(id, { now: T + 59_000 })).not.toBeNull()
    expect(await loadSessionUser(id, { now: T + 60_000 })).toBeNull()
  })

  it('forgets a session signed out on this replica at once', async () => {
    const id = `s${sid}`
    await loadSessionUser(id, { now: T })
    await closeSession(id)
    state.disabled = true
    expect(await loadSessionUser(id, { now: T + 10 })).toBeNull()
  })

  it('keeps readers signed in while the database restarts, but never writers', async () => {
    const id = `s${sid}`
    await loadSessionUser(id, { now: T })
    state.down = true
    expect((await loadSessionUser(id, { now: T + 60_000 }))?.username).toBe('victor')
    await expect(loadSessionUser(id, { now: T + 60_000, fresh: true })).rejects.toThrow(/reach database/)
    // not forever: after 5 minutes without an answer the reader is told too
    await expect(loadSessionUser(id, { now: T + 5 * 60_000 + 1 })).rejects.toThrow(/reach database/)
    // and a session never seen before cannot be vouched for
    await expect(loadSessionUser(`other${sid}`, { now: T })).rejects.toThrow(/reach database/)
  })

  it('never serves a session past its expiry from memory', async () => {
    const id = `s${sid}`
    const expiry = state.expiresAt.getTime()
    await loadSessionUser(id, { now: expiry - 1000 })
    state.down = true
    expect(await loadSessionUser(id, { now: expiry + 1 })).toBeNull()
  })
})
