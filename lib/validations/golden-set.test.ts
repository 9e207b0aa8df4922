import { describe, expect, it } from 'vitest'
import { fieldErrorsOf } from './field-errors'
import { goldenSetInputSchema } from './golden-set'
import { GOLDEN_LIMITS } from '@/lib/quality/golden/limits'

const base = {
  name: 'assistant-basics',
  team: 'assistant',
  model: 'llama-3-1-8b',
  prompts: [{ prompt: 'What is 2 + 2?', check: { kind: 'numeric', expected: '4', tolerance: '0' } }],
}

function errorsOf(input: unknown): Record<string, string[]> {
  const r = goldenSetInputSchema.safeParse(input)
  return r.success ? {} : fieldErrorsOf(r.error)
}

const withCheck = (check: unknown, prompt = 'p') => ({ ...base, prompts: [{ prompt, check }] })

describe('golden set save schema', () => {
  it('accepts every check kind and reads the numbers a form sends', () => {
    const r = goldenSetInputSchema.parse({
      ...base,
      prompts: [
        { prompt: 'a', check: { kind: 'exact', expected: 'Paris' } },
        { prompt: 'b', check: { kind: 'contains', text: 'Paris' } },
        { prompt: 'c', check: { kind: 'regex', pattern: '^\\d{3}$' } },
        { prompt: 'd', check: { kind: 'numeric', expected: '391', tolerance: '0.5' } },
        { prompt: 'e', check: { kind: 'json_schema', schema: '{"type":"object"}' } },
        { prompt: 'f', check: { kind: 'refuses' } },
      ],
    })
    expect(r.prompts.map((p) => p.check.kind)).toEqual([
      'exact',
      'contains',
      'regex',
      'numeric',
      'json_schema',
      'refuses',
    ])
    expect(r.prompts[3]!.check).toEqual({ kind: 'numeric', expected: 391, tolerance: 0.5 })
    expect(r.prompts[1]!.check).toMatchObject({ ignoreCase: true })
  })

  it('refuses catastrophic regexes with a message on the pattern field', () => {
    for (const pattern of ['(a+)+$', '^(\\w+\\s?)*$', '(x*)*y']) {
      expect(errorsOf(withCheck({ kind: 'regex', pattern }))['prompts.0.check.pattern']?.[0]).toMatch(
        /Nested or too many quantifiers/,
      )
    }
    expect(
      errorsOf(withCheck({ kind: 'regex', pattern: '^(\\d+)-\\1$' }))['prompts.0.check.pattern'],
    ).toEqual(['Backreferences (\\1, \\k<name>) are not allowed.'])
    expect(errorsOf(withCheck({ kind: 'regex', pattern: 'a(?=b)' }))['prompts.0.check.pattern']).toEqual([
      'Lookahead and lookbehind are not allowed.',
    ])
    expect(
      errorsOf(withCheck({ kind: 'regex', pattern: 'x'.repeat(501) }))['prompts.0.check.pattern'],
    ).toEqual(['The pattern has 501 characters; at most 500.'])
    expect(
      errorsOf(withCheck({ kind: 'regex', pattern: '[unclosed' }))['prompts.0.check.pattern']?.[0],
    ).toMatch(/^Not a valid pattern/)
  })

  it('refuses a JSON schema over 1 MB, before parsing it', () => {
    const big = JSON.stringify({ type: 'object', description: 'x'.repeat(GOLDEN_LIMITS.schemaBytes) })
    expect(errorsOf(withCheck({ kind: 'json_schema', schema: big }))['prompts.0.check.schema']).toEqual([
      'The schema is over 1 MB (1,048,576 bytes).',
    ])
  })

  it('refuses schemas that are not JSON, too deep, with a catastrophic pattern or a remote $ref', () => {
    const e = (schema: string) =>
      errorsOf(withCheck({ kind: 'json_schema', schema }))['prompts.0.check.schema']
    expect(e('{type: object}')).toEqual(['The schema is not valid JSON.'])
    let deep: unknown = { type: 'string' }
    for (let i = 0; i < 70; i++) deep = { type: 'array', items: deep }
    expect(e(JSON.stringify(deep))).toEqual([
      `The schema nests deeper than ${GOLDEN_LIMITS.schemaDepth} levels.`,
    ])
    expect(e('{"type":"string","pattern":"(a|b+)+c"}')?.[0]).toMatch(/Nested or too many quantifiers/)
    expect(e('{"patternProperties":{"(a+)+":{}}}')?.[0]).toMatch(/Nested or too many quantifiers/)
    expect(e('{"$ref":"https://example.com/schema.json"}')?.[0]).toMatch(/can't resolve reference/)
    expect(e('{"tpye":"object"}')?.[0]).toMatch(/unknown keyword: "tpye"/)
  })

  it('refuses prompts over the size limit and empty prompts, with a field message', () => {
    const long = 'p'.repeat(GOLDEN_LIMITS.promptChars + 1)
    expect(errorsOf(withCheck({ kind: 'refuses' }, long))['prompts.0.prompt']).toEqual([
      'The prompt has 8,001 characters; at most 8,000.',
    ])
    expect(errorsOf(withCheck({ kind: 'refuses' }, '   '))['prompts.0.prompt']).toEqual(['Enter a prompt.'])
  })

  it('bounds the set: names, prompt count, numbers', () => {
    expect(errorsOf({ ...base, name: 'Has Spaces' }).name).toBeDefined()
    const many = Array.from({ length: GOLDEN_LIMITS.promptsPerSet + 1 }, () => base.prompts[0])
    expect(errorsOf({ ...base, prompts: many }).prompts).toEqual(['At most 50 prompts per set.'])
    expect(errorsOf({ ...base, prompts: [] }).prompts).toEqual(['Add at least one prompt.'])
    expect(
      errorsOf(withCheck({ kind: 'numeric', expected: '', tolerance: '-1' }))['prompts.0.check.expected'],
    ).toEqual(['Required.'])
    expect(
      errorsOf(withCheck({ kind: 'numeric', expected: '1', tolerance: '-1' }))['prompts.0.check.tolerance'],
    ).toEqual(['Cannot be negative.'])
    expect(errorsOf(withCheck({ kind: 'numeric', expected: 'NaN', tolerance: '0' }))).not.toEqual({})
  })
})
