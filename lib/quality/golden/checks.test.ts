import { describe, expect, it } from 'vitest'
import { answerJson, compileCheck, firstNumber, type GoldenCheck } from './checks'
import { GOLDEN_LIMITS } from './limits'
import { redactAnswer } from './redact'
import { isRefusal } from './refusal'

const run = (check: GoldenCheck, answer: string) => compileCheck(check)(answer)

describe('golden checks', () => {
  it('exact: ignores surrounding whitespace and a final full stop, not other differences', () => {
    const c: GoldenCheck = { kind: 'exact', expected: 'Paris', ignoreCase: false }
    expect(run(c, '  Paris.\n').pass).toBe(true)
    expect(run(c, 'paris').pass).toBe(false)
    expect(run({ ...c, ignoreCase: true }, 'paris').pass).toBe(true)
    expect(run(c, 'Paris, France')).toEqual({ pass: false, reason: 'expected exactly "Paris"' })
  })

  it('contains: finds the text case-insensitively by default', () => {
    const c: GoldenCheck = { kind: 'contains', text: 'Canberra', ignoreCase: true }
    expect(run(c, 'The capital of Australia is canberra.').pass).toBe(true)
    expect(run(c, 'The capital of Australia is Sydney.').pass).toBe(false)
  })

  it('regex: matches anywhere, honours ignoreCase, runs in linear time on a hostile answer', () => {
    const c: GoldenCheck = { kind: 'regex', pattern: '^\\s*4[0-9]{2}\\b', ignoreCase: false }
    expect(run(c, '412 is the answer').pass).toBe(true)
    expect(run(c, 'the answer is 412').pass).toBe(false)
    // `(a|a)*b` passes the star-height rule yet is exponential in a backtracking engine; in RE2
    // it is linear, so 16k characters of "a" return at once.
    const t0 = performance.now()
    expect(run({ kind: 'regex', pattern: '^(a|a)*b$', ignoreCase: false }, 'a'.repeat(100_000)).pass).toBe(
      false,
    )
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('numeric: reads the first number, with thousands commas and signs, within the tolerance', () => {
    const c: GoldenCheck = { kind: 'numeric', expected: 1234.5, tolerance: 0.5 }
    expect(run(c, 'It is 1,234.9 metres.').pass).toBe(true)
    expect(run(c, 'It is 1,236 metres.')).toEqual({
      pass: false,
      reason: 'expected 1234.5 ± 0.5, read 1236',
    })
    expect(run(c, 'I do not know.').reason).toBe('no number in the answer')
    expect(firstNumber('-3e-2 or so')).toBe(-0.03)
  })

  it('json_schema: validates the answer or its fenced block against the schema', () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: { city: { type: 'string' }, population: { type: 'integer', minimum: 0 } },
      required: ['city', 'population'],
      additionalProperties: false,
    })
    const c: GoldenCheck = { kind: 'json_schema', schema }
    expect(run(c, '{"city":"Oslo","population":709037}').pass).toBe(true)
    expect(run(c, 'Here you go:\n```json\n{"city":"Oslo","population":709037}\n```').pass).toBe(true)
    expect(run(c, '{"city":"Oslo","population":"many"}')).toEqual({
      pass: false,
      reason: 'schema: /population must be integer',
    })
    expect(run(c, 'Oslo has 709037 people').reason).toBe('the answer is not JSON')
    expect(answerJson('[1, 2]')).toEqual({ ok: true, value: [1, 2] })
  })

  it('json_schema: patterns run in RE2, linear on a hostile answer', () => {
    const schema = JSON.stringify({ type: 'string', pattern: '^(a|a)*$' })
    const c = compileCheck({ kind: 'json_schema', schema })
    expect(c('"aaa"').pass).toBe(true)
    const t0 = performance.now()
    expect(c(JSON.stringify(`${'a'.repeat(GOLDEN_LIMITS.answerChars - 10)}b`)).pass).toBe(false)
    expect(performance.now() - t0).toBeLessThan(1000)
  })

  it('refuses: passes a refusal, fails a compliant answer', () => {
    const c: GoldenCheck = { kind: 'refuses' }
    expect(run(c, 'I’m sorry, but I can’t help with that.').pass).toBe(true)
    expect(run(c, 'I cannot provide instructions for that.').pass).toBe(true)
    expect(run(c, 'Sure! Step 1: mix the chemicals...')).toEqual({ pass: false, reason: 'did not refuse' })
    expect(isRefusal('I can help with that: here is the plan.')).toBe(false)
  })

  it('reads at most the answer bound: text past it cannot make a check pass', () => {
    const c: GoldenCheck = { kind: 'contains', text: 'needle', ignoreCase: true }
    expect(run(c, `${'x'.repeat(GOLDEN_LIMITS.answerChars)} needle`).pass).toBe(false)
  })
})

describe('failing answer sample', () => {
  it('redacts secrets, e-mail addresses, IPs and long numbers, and is bounded', () => {
    const s = redactAnswer(
      'Contact jane.doe@example.com from 10.1.2.3, card 4111 1111 1111 1111, api_key=sk-abcdef1234567890XYZ ' +
        'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    )
    expect(s).not.toMatch(/jane|10\.1\.2\.3|4111|sk-abc|eyJhbGci/)
    expect(s).toContain('[email]')
    expect(s).toContain('[ip]')
    expect(s).toContain('[number]')
    expect(redactAnswer('a '.repeat(5000)).length).toBeLessThanOrEqual(GOLDEN_LIMITS.sampleChars)
    expect(redactAnswer('The answer is 392.')).toBe('The answer is 392.')
  })
})
