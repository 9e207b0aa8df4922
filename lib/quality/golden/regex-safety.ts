import { RE2JS } from 're2js'
import safeRegex from 'safe-regex2'
import { GOLDEN_LIMITS } from './limits'

/**
 * A user's pattern is refused at save time unless all of these hold:
 * - at most GOLDEN_LIMITS.patternChars characters;
 * - star height ≤ 1 and at most GOLDEN_LIMITS.patternRepetitions quantifiers (safe-regex2, the
 *   check fastify uses): nested quantifiers such as `(a+)+` are what makes a backtracking engine
 *   take exponential time;
 * - it compiles in RE2 (re2js), which has no backreferences and no lookaround, and in JavaScript.
 * Patterns then run in re2js, whose matching is linear in the input, on an input cut to
 * GOLDEN_LIMITS.answerChars: even a pattern that slipped past the rules cannot stall the prober.
 * @see https://github.com/google/re2/wiki/Syntax
 */
export function regexProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'Enter a pattern.'
  if (pattern.length > GOLDEN_LIMITS.patternChars)
    return `The pattern has ${pattern.length} characters; at most ${GOLDEN_LIMITS.patternChars}.`
  if (/\\[1-9]|\\k</.test(pattern)) return 'Backreferences (\\1, \\k<name>) are not allowed.'
  if (/\(\?<?[=!]/.test(pattern)) return 'Lookahead and lookbehind are not allowed.'
  try {
    RE2JS.compile(pattern)
    // Also JavaScript's syntax: the same pattern then means the same in every evaluator, and the
    // star-height check (which parses JavaScript syntax) reads it as written.
    new RegExp(pattern, 'u')
  } catch (e) {
    return `Not a valid pattern: ${e instanceof Error ? e.message : String(e)}.`
  }
  if (!safeRegex(pattern, { limit: GOLDEN_LIMITS.patternRepetitions }))
    return 'Nested or too many quantifiers (such as (a+)+): this pattern can take exponential time. Flatten it.'
  return null
}

export interface SafeRegex {
  test(input: string): boolean
}

/** Compiles a pattern that passed regexProblem; matching is linear time (RE2). */
export function compileSafeRegex(pattern: string, ignoreCase = false): SafeRegex {
  const re = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)
  return { test: (input) => re.matcher(input.slice(0, GOLDEN_LIMITS.answerChars)).find() }
}
