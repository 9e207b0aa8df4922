import { describe, expect, it, vi } from 'vitest'
import { encode } from 'next-auth/jwt'

vi.mock('server-only', () => ({}))
const { decodeSessionToken } = await import('./session-token')

const SECRET = 'unit-secret-0123456789abcdefghijklmnop'

describe('session token decode with the key derived once', () => {
  it('reads what next-auth itself encoded', async () => {
    const token = await encode({ token: { sid: 'session-1', name: 'ann' }, secret: SECRET })
    const claims = await decodeSessionToken(token, SECRET)
    expect(claims.sid).toBe('session-1')
    expect(claims.name).toBe('ann')
    // the second read uses the cached key and gives the same answer
    expect((await decodeSessionToken(token, SECRET)).sid).toBe('session-1')
  })

  it('refuses a token made with another secret', async () => {
    const token = await encode({ token: { sid: 's' }, secret: 'another-secret-0123456789abcdefghijk' })
    await expect(decodeSessionToken(token, SECRET)).rejects.toThrow()
  })

  it('refuses a token altered in transit', async () => {
    const token = await encode({ token: { sid: 's' }, secret: SECRET })
    const parts = token.split('.')
    const ct = parts[3]!
    parts[3] = (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1)
    await expect(decodeSessionToken(parts.join('.'), SECRET)).rejects.toThrow()
  })

  it("refuses an expired token, allowing next-auth's 15 s of clock skew", async () => {
    const expired = await encode({ token: { sid: 's' }, secret: SECRET, maxAge: -60 })
    await expect(decodeSessionToken(expired, SECRET)).rejects.toThrow(/exp/)
    const justNow = await encode({ token: { sid: 's' }, secret: SECRET, maxAge: -5 })
    expect((await decodeSessionToken(justNow, SECRET)).sid).toBe('s')
  })
})
