import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { originAllowed } from '@/lib/security/origin'

const HOST = 'console.example.com'

describe('originAllowed', () => {
  it('allows the console’s own origin, http or https', () => {
    expect(originAllowed(`https://${HOST}`, HOST)).toBe(true)
    expect(originAllowed(`http://${HOST}`, HOST)).toBe(true)
    expect(originAllowed('http://localhost:3000', 'localhost:3000')).toBe(true)
  })

  it('allows an explicit default port that the browser would normalise away', () => {
    expect(originAllowed(`https://${HOST}:443`, HOST)).toBe(true)
  })

  it('refuses a missing origin and the literal "null"', () => {
    expect(originAllowed(null, HOST)).toBe(false)
    expect(originAllowed('', HOST)).toBe(false)
    expect(originAllowed('null', HOST)).toBe(false)
  })

  it('refuses when the host is unknown', () => {
    expect(originAllowed(`https://${HOST}`, null)).toBe(false)
    expect(originAllowed(`https://${HOST}`, '')).toBe(false)
  })

  it('refuses another host, including look-alikes', () => {
    for (const origin of [
      'https://evil.example',
      `https://${HOST}.evil.example`,
      `https://evil-${HOST}`,
      `https://sub.${HOST}`,
      `https://${HOST}@evil.example`,
    ]) {
      expect(originAllowed(origin, HOST), origin).toBe(false)
    }
  })

  it('refuses another port on the same host', () => {
    expect(originAllowed(`https://${HOST}:8443`, HOST)).toBe(false)
    expect(originAllowed('http://localhost:3001', 'localhost:3000')).toBe(false)
    expect(originAllowed('http://localhost', 'localhost:3000')).toBe(false)
  })

  it('refuses non-http schemes even when they name the host', () => {
    for (const origin of [
      'javascript:alert(1)',
      `javascript://${HOST}/%0aalert(1)`,
      `file://${HOST}/`,
      `ftp://${HOST}`,
      `data:text/html,<script>1</script>`,
      `chrome-extension://${HOST}`,
    ]) {
      expect(originAllowed(origin, HOST), origin).toBe(false)
    }
  })

  it('refuses malformed origins', () => {
    for (const origin of [
      'not a url',
      HOST,
      '//' + HOST,
      'https://',
      'https://[::1',
      'http://exa mple.com',
    ]) {
      expect(originAllowed(origin, HOST), origin).toBe(false)
    }
  })

  it('allows configured extra origins by exact origin only', () => {
    const extra = ['https://admin.example.com']
    expect(originAllowed('https://admin.example.com', HOST, extra)).toBe(true)
    expect(originAllowed('https://admin.example.com:8443', HOST, extra)).toBe(false)
    expect(originAllowed('http://admin.example.com', HOST, extra)).toBe(false)
    expect(originAllowed('null', HOST, ['null'])).toBe(false)
  })

  it('never throws and refuses any origin string whose host differs', () => {
    fc.assert(
      fc.property(fc.string(), (origin) => {
        expect(() => originAllowed(origin, HOST)).not.toThrow()
      }),
    )
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const origin = new URL(url).origin
        expect(originAllowed(origin, HOST)).toBe(new URL(url).host === HOST)
      }),
    )
  })
})
