import { describe, expect, it } from 'vitest'
import { createTokenCache } from './token-cache'

describe('decoded session cookies', () => {
  it('answer a token seen before with its session id until the token expires', () => {
    const c = createTokenCache(10)
    c.set('tok', 'sid-1', 2_000, 1_000)
    expect(c.get('tok', 1_500)).toBe('sid-1')
    expect(c.get('tok', 2_000)).toBeUndefined()
    expect(c.size).toBe(0)
  })

  it('know nothing of a token never decoded, and never keep an expired one', () => {
    const c = createTokenCache(10)
    expect(c.get('other', 0)).toBeUndefined()
    c.set('old', 'sid', 900, 1_000)
    expect(c.get('old', 1_000)).toBeUndefined()
  })

  it('stay within their bound, dropping the oldest', () => {
    const c = createTokenCache(2)
    c.set('a', '1', 10_000, 0)
    c.set('b', '2', 10_000, 0)
    c.set('c', '3', 10_000, 0)
    expect(c.size).toBe(2)
    expect(c.get('a', 1)).toBeUndefined()
    expect(c.get('c', 1)).toBe('3')
  })
})
