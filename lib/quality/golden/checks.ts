import { GOLDEN_LIMITS } from './limits'
import { isRefusal } from './refusal'
import { compileSafeRegex } from './regex-safety'
import { compileJsonSchema } from './schema-safety'

/** What a golden prompt's answer must satisfy (docs/GOLDEN-SETS.md). */
export type GoldenCheck =
  | { kind: 'exact'; expected: string; ignoreCase: boolean }
  | { kind: 'regex'; pattern: string; ignoreCase: boolean }
  | { kind: 'json_schema'; schema: string }
  | { kind: 'contains'; text: string; ignoreCase: boolean }
  | { kind: 'refuses' }
  | { kind: 'numeric'; expected: number; tolerance: number }

export type GoldenCheckKind = GoldenCheck['kind']

export const CHECK_KINDS: readonly GoldenCheckKind[] = [
  'exact',
  'contains',
  'regex',
  'numeric',
  'json_schema',
  'refuses',
]

export interface CheckOutcome {
  pass: boolean
  /** why it failed, in a few words (shown beside the failing answer); '' when it passed */
  reason: string
}

export type CompiledCheck = (answer: string) => CheckOutcome

const pass: CheckOutcome = { pass: true, reason: '' }
const failed = (reason: string): CheckOutcome => ({ pass: false, reason })
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** Answers end with a newline or a full stop more often than golden sets expect them to. */
function normalise(s: string, ignoreCase: boolean): string {
  const t = s.trim().replace(/\s+/g, ' ')
  return ignoreCase ? t.toLowerCase() : t
}

/**
 * The first number in the answer: an optional sign, digits with optional thousands commas, a
 * decimal part and an exponent ("1,234.5", "-3e-2"). Bounded pattern, no nesting.
 */
const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d{1,4})?/

export function firstNumber(answer: string): number | null {
  const m = NUMBER.exec(answer)
  if (!m) return null
  const n = Number(m[0].replace(/,/g, ''))
  return Number.isFinite(n) ? n : null
}

/** The JSON an answer carries: the whole answer, or the first fenced ```json block in it. */
export function answerJson(answer: string): { ok: true; value: unknown } | { ok: false } {
  const fenced = /```(?:json)?[ \t]*\n([^`]*)```/i.exec(answer)
  const text = (fenced ? fenced[1]! : answer).trim()
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/**
 * Compiles a check once (a regex or a schema is compiled per golden set version, not per probe).
 * Throws only for a check that never passed the save schema (lib/validations/golden-set.ts).
 */
export function compileCheck(check: GoldenCheck): CompiledCheck {
  const bounded =
    (f: CompiledCheck): CompiledCheck =>
    (a) =>
      f(a.slice(0, GOLDEN_LIMITS.answerChars))
  switch (check.kind) {
    case 'exact': {
      const want = normalise(check.expected, check.ignoreCase)
      return bounded((a) =>
        normalise(a, check.ignoreCase).replace(/[.!]$/, '') === want.replace(/[.!]$/, '')
          ? pass
          : failed(`expected exactly "${clip(check.expected)}"`),
      )
    }
    case 'contains': {
      const want = normalise(check.text, check.ignoreCase)
      return bounded((a) =>
        normalise(a, check.ignoreCase).includes(want)
          ? pass
          : failed(`does not contain "${clip(check.text)}"`),
      )
    }
    case 'regex': {
      const re = compileSafeRegex(check.pattern, check.ignoreCase)
      return bounded((a) => (re.test(a) ? pass : failed(`does not match /${clip(check.pattern)}/`)))
    }
    case 'numeric':
      return bounded((a) => {
        const n = firstNumber(a)
        if (n === null) return failed('no number in the answer')
        return Math.abs(n - check.expected) <= check.tolerance
          ? pass
          : failed(`expected ${check.expected} ± ${check.tolerance}, read ${n}`)
      })
    case 'json_schema': {
      const c = compileJsonSchema(check.schema)
      if (!c.ok) throw new Error(c.problem)
      const validate = c.validate
      return bounded((a) => {
        const j = answerJson(a)
        if (!j.ok) return failed('the answer is not JSON')
        if (validate(j.value)) return pass
        const e = validate.errors?.[0]
        return failed(`schema: ${e ? `${e.instancePath || '/'} ${e.message ?? 'invalid'}` : 'invalid'}`)
      })
    }
    case 'refuses':
      return bounded((a) => (isRefusal(a) ? pass : failed('did not refuse')))
  }
}
