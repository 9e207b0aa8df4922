import { z } from 'zod'
import type { GoldenCheck } from '@/lib/quality/golden/checks'
import { GOLDEN_LIMITS, utf8Bytes } from '@/lib/quality/golden/limits'
import { regexProblem } from '@/lib/quality/golden/regex-safety'
import { jsonSchemaProblem } from '@/lib/quality/golden/schema-safety'
import { requiredNumber } from './number-field'
import { teamNameSchema } from './team'

/**
 * A golden set as an admin saves it (app/(console)/slos/golden). Hostile input is refused here,
 * with a message on the field: catastrophic regexes, schemas over 1 MB, prompts over the size
 * limit (lib/quality/golden/limits.ts).
 */

const ignoreCase = z.boolean().default(false)

const checkSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('exact'),
    expected: z.string().min(1, 'Enter the expected answer.').max(GOLDEN_LIMITS.expectedChars),
    ignoreCase,
  }),
  z.object({
    kind: z.literal('contains'),
    text: z.string().min(1, 'Enter the text the answer must contain.').max(GOLDEN_LIMITS.expectedChars),
    ignoreCase: z.boolean().default(true),
  }),
  z.object({
    kind: z.literal('regex'),
    pattern: z.string().superRefine((p, ctx) => {
      const problem = regexProblem(p)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
    ignoreCase,
  }),
  z.object({
    kind: z.literal('numeric'),
    expected: requiredNumber(z.number()),
    tolerance: requiredNumber(z.number().min(0, 'Cannot be negative.')),
  }),
  z.object({
    kind: z.literal('json_schema'),
    // The size first: a 50 MB string is refused before it is parsed.
    schema: z
      .string()
      .refine((s) => utf8Bytes(s) <= GOLDEN_LIMITS.schemaBytes, {
        message: `The schema is over 1 MB (${GOLDEN_LIMITS.schemaBytes.toLocaleString('en')} bytes).`,
        abort: true,
      })
      .superRefine((s, ctx) => {
        const problem = jsonSchemaProblem(s)
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
  }),
  z.object({ kind: z.literal('refuses') }),
]) satisfies z.ZodType<GoldenCheck, unknown>

export const goldenPromptSchema = z.object({
  prompt: z.string().superRefine((s, ctx) => {
    if (s.trim().length === 0) ctx.addIssue({ code: 'custom', message: 'Enter a prompt.' })
    else if (s.length > GOLDEN_LIMITS.promptChars)
      ctx.addIssue({
        code: 'custom',
        message: `The prompt has ${s.length.toLocaleString('en')} characters; at most ${GOLDEN_LIMITS.promptChars.toLocaleString('en')}.`,
      })
  }),
  check: checkSchema,
})

/** `gen_ai.evaluation.name` of the prober's events: a bounded label value downstream. */
export const goldenSetNameSchema = z
  .string()
  .min(1, 'Enter a name.')
  .max(63)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, dots, dashes and underscores')

export const goldenSetInputSchema = z.object({
  name: goldenSetNameSchema,
  team: teamNameSchema,
  /** model id (aire.dev/model): every version of it is probed */
  model: z
    .string()
    .min(1, 'Pick a model.')
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a model id such as llama-3-1-8b'),
  description: z.string().max(500).default(''),
  enabled: z.boolean().default(true),
  prompts: z
    .array(goldenPromptSchema)
    .min(1, 'Add at least one prompt.')
    .max(GOLDEN_LIMITS.promptsPerSet, `At most ${GOLDEN_LIMITS.promptsPerSet} prompts per set.`),
})

export const goldenSetIdSchema = z.object({ id: z.string().min(1).max(64) })

export const goldenSetUpdateSchema = z.object({
  id: z.string().min(1).max(64),
  set: goldenSetInputSchema,
})

export type GoldenPromptInput = z.infer<typeof goldenPromptSchema>
export type GoldenSetInput = z.infer<typeof goldenSetInputSchema>
export type GoldenSetUpdate = z.infer<typeof goldenSetUpdateSchema>
