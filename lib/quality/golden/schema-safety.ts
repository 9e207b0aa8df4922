import Ajv, { type ValidateFunction } from 'ajv'
import { RE2JS } from 're2js'
import { GOLDEN_LIMITS, utf8Bytes } from './limits'
import { regexProblem } from './regex-safety'

/**
 * Ajv treats a schema as trusted code (it compiles it to a function), so a schema from an admin's
 * form is bounded first: size, nesting depth, every `pattern` / `patternProperties` key under the
 * same rule as a regex check, and no remote references (Ajv is given no loader, so an unknown
 * `$ref` fails to compile). Patterns then run in RE2 through Ajv's `code.regExp` option.
 * @see https://ajv.js.org/security.html
 */

const re2ForAjv = Object.assign(
  (pattern: string) => {
    const re = RE2JS.compile(pattern)
    return { test: (s: string) => re.matcher(s).find() }
  },
  { code: 'RE2JS' },
)

function depthAndPatterns(root: unknown): { depth: number; patterns: string[] } {
  const patterns: string[] = []
  let depth = 0
  const stack: { v: unknown; d: number }[] = [{ v: root, d: 1 }]
  while (stack.length > 0) {
    const { v, d } = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    depth = Math.max(depth, d)
    if (depth > GOLDEN_LIMITS.schemaDepth) break
    if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, d: d + 1 })
      continue
    }
    const o = v as Record<string, unknown>
    if (typeof o.pattern === 'string') patterns.push(o.pattern)
    const pp = o.patternProperties
    if (pp && typeof pp === 'object' && !Array.isArray(pp)) patterns.push(...Object.keys(pp))
    for (const x of Object.values(o)) stack.push({ v: x, d: d + 1 })
  }
  return { depth, patterns }
}

type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; problem: string }

export function compileJsonSchema(text: string): Compiled {
  const bytes = utf8Bytes(text)
  if (bytes > GOLDEN_LIMITS.schemaBytes)
    return {
      ok: false,
      problem: `The schema is ${(bytes / 1_048_576).toFixed(2)} MB; at most 1 MB.`,
    }
  let schema: unknown
  try {
    schema = JSON.parse(text) as unknown
  } catch {
    return { ok: false, problem: 'The schema is not valid JSON.' }
  }
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema)))
    return { ok: false, problem: 'A JSON schema is an object (or true / false).' }
  const { depth, patterns } = depthAndPatterns(schema)
  if (depth > GOLDEN_LIMITS.schemaDepth)
    return { ok: false, problem: `The schema nests deeper than ${GOLDEN_LIMITS.schemaDepth} levels.` }
  for (const p of patterns) {
    const problem = regexProblem(p)
    if (problem) return { ok: false, problem: `Pattern ${JSON.stringify(p.slice(0, 60))}: ${problem}` }
  }
  try {
    // One instance per schema: a schema's $id cannot clash with another's, nothing is cached.
    const ajv = new Ajv({
      strict: true,
      strictTypes: false,
      strictTuples: false,
      validateFormats: false,
      logger: false,
      code: { regExp: re2ForAjv },
    })
    return { ok: true, validate: ajv.compile(schema as object | boolean) }
  } catch (e) {
    return { ok: false, problem: `Not a usable JSON schema: ${e instanceof Error ? e.message : String(e)}.` }
  }
}

export function jsonSchemaProblem(text: string): string | null {
  const r = compileJsonSchema(text)
  return r.ok ? null : r.problem
}
