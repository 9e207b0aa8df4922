import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '@/proxy'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  )
}

const NONCE = 'MzZhZjM4YzEtN2QzZi00YjQ2LWE3ZjMtZjA0YjU5ZDVhMWI4'

describe('contentSecurityPolicy', () => {
  for (const dev of [false, true]) {
    describe(dev ? 'development' : 'production', () => {
      const csp = contentSecurityPolicy(NONCE, dev)
      const d = directives(csp)

      it('forbids framing the console', () => {
        expect(csp).toContain("frame-ancestors 'none'")
        expect(d.get('frame-ancestors')).toEqual(["'none'"])
      })

      it('allows scripts only with this request’s nonce, never inline', () => {
        const script = d.get('script-src')!
        expect(script).toContain(`'nonce-${NONCE}'`)
        expect(script).not.toContain("'unsafe-inline'")
        expect(script).not.toContain('*')
        expect(script.some((s) => s.startsWith('http') || s === 'data:')).toBe(false)
      })

      it('does not allow plugins, foreign form targets or base-uri hijacking', () => {
        expect(d.get('object-src')).toEqual(["'none'"])
        expect(d.get('form-action')).toEqual(["'self'"])
        expect(d.get('base-uri')).toEqual(["'self'"])
        expect(d.get('default-src')).toEqual(["'self'"])
      })

      it('keeps inline styles to style attributes, and style elements need the nonce', () => {
        expect(d.get('style-src')).toEqual(["'self'", `'nonce-${NONCE}'`])
      })

      it('declares each directive once', () => {
        const names = csp.split(';').map((s) => s.trim().split(/\s+/)[0])
        expect(new Set(names).size).toBe(names.length)
      })
    })
  }

  it("allows 'unsafe-eval' only in development (React's dev tooling), never in production", () => {
    expect(contentSecurityPolicy(NONCE, false)).not.toContain('unsafe-eval')
    expect(directives(contentSecurityPolicy(NONCE, true)).get('script-src')).toContain("'unsafe-eval'")
  })

  it('uses the nonce it is given, so every request gets its own', () => {
    const a = contentSecurityPolicy('nonceA', false)
    const b = contentSecurityPolicy('nonceB', false)
    expect(a).toContain("'nonce-nonceA'")
    expect(a).not.toContain('nonceB')
    expect(b).toContain("'nonce-nonceB'")
  })
})
