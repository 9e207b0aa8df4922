import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '@/lib/errors'
import { toAppError } from '@/lib/k8s/errors'

const where = { cluster: 'prod-eu', what: 'HTTPRoute inference/chat' }

function status(code: number, message: string, reason = 'Invalid') {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    details: {
      name: 'chat',
      group: 'gateway.networking.k8s.io',
      kind: 'httproutes',
      causes: [{ field: 'spec', message }],
    },
    code,
  }
}

const VALIDATION =
  'spec.rules[0].backendRefs[0].weight: Invalid value: 2000000: spec.rules[0].backendRefs[0].weight in body should be less than or equal to 1000000'
const INVALID_422 = status(422, `HTTPRoute.gateway.networking.k8s.io "chat" is invalid: ${VALIDATION}`)

/** Signs that a raw API server body leaked into a sentence meant for a person. */
function looksLikeRawJson(message: string): boolean {
  return /[{}]|"kind"|"apiVersion"|"status"\s*:|\\"/.test(message)
}

describe('toAppError', () => {
  it('403 → cluster_refused, naming RBAC and the object', () => {
    const e = toAppError(
      403,
      status(403, 'httproutes "chat" is forbidden: User "alice" cannot patch', 'Forbidden'),
      where,
    )
    expect(e).toBeInstanceOf(AppError)
    expect(e.code).toBe('cluster_refused')
    expect(e.message).toContain('HTTPRoute inference/chat on prod-eu')
    expect(e.message).toMatch(/RBAC/)
  })

  it('404 → not_found', () => {
    const e = toAppError(
      404,
      status(404, 'httproutes.gateway.networking.k8s.io "chat" not found', 'NotFound'),
      where,
    )
    expect(e.code).toBe('not_found')
    expect(e.message).toContain('HTTPRoute inference/chat on prod-eu does not exist')
  })

  it('409 → conflict, telling the user to review and retry', () => {
    const e = toAppError(409, status(409, 'the object has been modified', 'Conflict'), where)
    expect(e.code).toBe('conflict')
    expect(e.message).toMatch(/changed by someone else/)
    expect(e.message).toMatch(/try again/)
  })

  it('422 → cluster_refused with the validation sentence, without the "X is invalid:" prefix', () => {
    const e = toAppError(422, INVALID_422, where)
    expect(e.code).toBe('cluster_refused')
    expect(e.message).toBe(
      `The cluster rejected the change to HTTPRoute inference/chat on prod-eu: ${VALIDATION}`,
    )
    expect(e.message).not.toContain('is invalid:')
    expect(e.message).not.toContain('HTTPRoute.gateway.networking.k8s.io "chat"')
  })

  it('400 → cluster_refused with the API server sentence', () => {
    const e = toAppError(
      400,
      status(400, 'the server rejected our request due to an error in our request', 'BadRequest'),
      where,
    )
    expect(e.code).toBe('cluster_refused')
    expect(e.message).toMatch(/: the server rejected our request/)
  })

  it('422 keeps a message without the prefix as is, and caps a very long one', () => {
    expect(toAppError(422, status(422, 'weight too large'), where).message).toMatch(/: weight too large$/)
    const long = toAppError(422, status(422, `X is invalid: ${'a'.repeat(5000)}`), where)
    expect(long.message.length).toBeLessThan(600)
  })

  // A Status without a message (or a non-Status body, e.g. from a proxy in front of the API server)
  // leaves the user with "…on prod-eu: " and nothing after the colon: `detail ?? 'validation failed'`
  // in cleanValidation never falls back because statusMessage() returns '' rather than undefined.
  it('422 without a message still ends in a reason, not an empty string after the colon', () => {
    const e = toAppError(422, { kind: 'Status', code: 422 }, where)
    expect(e.message).not.toMatch(/:\s*$/)
  })

  it('500 → internal, with the status code and no body detail', () => {
    const e = toAppError(500, status(500, 'etcdserver: request timed out', 'InternalError'), where)
    expect(e.code).toBe('internal')
    expect(e.message).toContain('500')
    expect(e.message).not.toContain('etcdserver')
  })

  it('401 → cluster_unreachable (the console’s own credentials)', () => {
    expect(toAppError(401, {}, where).code).toBe('cluster_unreachable')
  })

  it('never puts a raw body into the message, whatever the status and body', () => {
    // Bodies without a `message` sentence (that one is shown on purpose for 400/422, tested above).
    const body = fc
      .oneof(
        fc.jsonValue(),
        fc.anything(),
        fc.string(),
        fc.record({
          kind: fc.constant('Status'),
          code: fc.integer(),
          reason: fc.string(),
          details: fc.jsonValue(),
        }),
      )
      .filter((b) => !(typeof b === 'object' && b !== null && 'message' in b))
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), body, (code, b) => {
        const e = toAppError(code, b, where)
        expect(e).toBeInstanceOf(AppError)
        expect(looksLikeRawJson(e.message)).toBe(false)
        const raw = JSON.stringify(b)
        if (typeof raw === 'string' && raw.length > 3) expect(e.message).not.toContain(raw)
      }),
    )
  })

  it('never leaks the JSON of a Kubernetes Status body, for any status and a realistic message', () => {
    const sentence = fc.stringMatching(/^[A-Za-z0-9 .,:"[\]_-]{0,120}$/)
    fc.assert(
      fc.property(fc.constantFrom(400, 403, 404, 409, 422, 429, 500, 502, 503), sentence, (code, msg) => {
        const e = toAppError(code, status(code, `HTTPRoute "chat" is invalid: ${msg}`), where)
        expect(e.message).not.toContain('"kind"')
        expect(e.message).not.toMatch(/[{}]/)
        expect(e.message).not.toContain('is invalid:')
      }),
    )
  })
})
