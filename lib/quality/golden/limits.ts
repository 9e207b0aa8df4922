/**
 * Size bounds of a golden set (docs/GOLDEN-SETS.md). Pure: the form checks them before sending,
 * the save schema (lib/validations/golden-set.ts) refuses past them with a field message.
 */
export const GOLDEN_LIMITS = {
  /** characters of one prompt */
  promptChars: 8_000,
  promptsPerSet: 50,
  /** characters of an exact / contains text */
  expectedChars: 2_000,
  /** characters of a regex check's pattern */
  patternChars: 500,
  /** repetitions (quantifiers) in one pattern: more is refused as too costly to reason about */
  patternRepetitions: 25,
  /** UTF-8 bytes of a JSON-schema check's schema */
  schemaBytes: 1_048_576,
  /** nesting depth of a schema's JSON */
  schemaDepth: 64,
  /** characters of an answer a check reads: a longer answer is cut before checking */
  answerChars: 16_000,
  /** characters of a failing answer kept as the redacted sample */
  sampleChars: 400,
  /**
   * bytes of one save from the form: Next.js refuses server-action bodies over its
   * serverActions.bodySizeLimit (64 KB in next.config.ts) before any code of ours runs, so the form
   * says so itself; other transports still meet the per-field limits above
   */
  saveBytes: 60_000,
  /** failing answers kept per golden set and model version */
  samplesPerVersion: 5,
} as const

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length
}
