import { describe, expect, it } from 'vitest'
import { parseEnv } from './env'

describe('parseEnv', () => {
  it('treats an empty variable as unset (FOO= in a shell or manifest)', () => {
    const e = parseEnv({ PROMETHEUS_URL: '', OIDC_ISSUER: '', AIRE_SESSION_HOURS: '' })
    expect(e.PROMETHEUS_URL).toBeUndefined()
    expect(e.OIDC_ISSUER).toBeUndefined()
    expect(e.AIRE_SESSION_HOURS).toBe(12)
  })

  it('still refuses a value that is set but wrong', () => {
    expect(() => parseEnv({ PROMETHEUS_URL: 'not a url' })).toThrow(/PROMETHEUS_URL/)
    expect(() => parseEnv({ AIRE_SESSION_HOURS: '48' })).toThrow()
  })
})
