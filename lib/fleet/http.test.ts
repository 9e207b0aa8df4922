import { beforeEach, describe, expect, it, vi } from 'vitest'

const auth = vi.hoisted(() => ({ user: null as unknown, fail: false }))
vi.mock('@/lib/auth/current-user', () => ({
  sessionIdOfThisRequest: async () => 'sid',
  currentUser: async () => {
    if (auth.fail) throw new Error("Can't reach database server at 127.0.0.1:5432")
    return auth.user
  },
}))

const { fleetGet } = await import('./http')
const viewer = {
  id: 'u',
  username: 'victor',
  role: 'viewer',
  globalRole: 'viewer',
  operatorTeams: [],
  memberTeams: [],
}

describe('fleetGet', () => {
  beforeEach(() => Object.assign(auth, { user: viewer, fail: false }))

  it('answers a signed-in viewer and refuses without a session', async () => {
    expect((await fleetGet(async () => ({ rows: 1 }))).status).toBe(200)
    auth.user = null
    const res = await fleetGet(async () => ({ rows: 1 }))
    expect(res.status).toBe(401)
  })

  it('says the database is down with a retryable 503, not a 500, and never runs the handler', async () => {
    auth.fail = true
    const handler = vi.fn(async () => ({ rows: 1 }))
    const res = await fleetGet(handler)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as { error: string }).error).toMatch(/cannot reach its database/)
    expect(handler).not.toHaveBeenCalled()
  })

  it('turns a failing read into one sentence without the underlying error', async () => {
    const res = await fleetGet(async () => {
      throw new Error('etcdserver: request timed out; token=secret')
    })
    expect(res.status).toBe(500)
    expect(JSON.stringify(await res.json())).not.toContain('secret')
  })
})
