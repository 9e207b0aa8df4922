import { z } from 'zod'
import { EVALUATION_NAME_PATTERN, SCORE_STEPS } from '@/lib/metrics/contract'
import { optionalNumber, requiredNumber } from '@/lib/validations/number-field'

/** One schema for the SLO form and the create/update actions (zod v4). */

export const SLI_KINDS = ['quality', 'latency', 'availability'] as const
export const TARGET_KINDS = ['model', 'version', 'route'] as const
export const QUALITY_SOURCES = ['evaluation_label', 'evaluation_score', 'legacy'] as const

const dnsLabel = z
  .string()
  .trim()
  .min(1, 'required')
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lowercase letters, digits and dashes')
const optionalLabel = z.preprocess((v) => (v === '' ? null : v), dnsLabel.nullable().optional())
const promql = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string()
    .trim()
    .max(2000, 'at most 2000 characters')
    .refine((s) => s.includes('$window'), 'use $window where the range goes, e.g. rate(x[$window])')
    .nullable()
    .optional(),
)

export const sloInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(3, 'at least 3 characters')
      .max(80)
      .regex(/^[\w .:/()-]+$/, 'letters, digits, spaces and . : / ( ) - only'),
    team: dnsLabel,
    description: z.preprocess((v) => (v === '' ? null : v), z.string().trim().max(500).nullable().optional()),
    sliKind: z.enum(SLI_KINDS),
    targetKind: z.enum(TARGET_KINDS),
    model: optionalLabel,
    /** The model's served name as the metrics label it; resolved from the cluster when absent. */
    servedModel: z.preprocess(
      (v) => (v === '' ? null : v),
      z
        .string()
        .trim()
        .max(200)
        .regex(/^[\w./:@-]+$/, 'a served model name such as meta-llama/Llama-3.1-8B-Instruct')
        .nullable()
        .optional(),
    ),
    version: optionalLabel,
    namespace: optionalLabel,
    route: optionalLabel,
    cluster: optionalLabel,
    /** Percent, e.g. 99.5 */
    objectivePercent: requiredNumber(
      z.number().gt(50, 'above 50%').lt(100, 'below 100%: a 100% objective leaves no error budget'),
      'the objective, a number such as 99.5',
    ),
    windowDays: requiredNumber(
      z.union([z.literal(28), z.literal(30)], { error: '28 or 30 days' }),
      '28 or 30 days',
    ),
    // Seconds; blank or null means none (then a latency SLI needs custom queries, checked below).
    latencyThreshold: optionalNumber(z.number().positive('more than 0 seconds').max(600, 'at most 600 s')),
    customGood: promql,
    customTotal: promql,
    /** Quality SLIs: which events they read; absent means `legacy` (aire_eval_outcomes_total). */
    qualitySource: z.enum(QUALITY_SOURCES).optional(),
    /** gen_ai.evaluation.name as the Collector counts it: lower case, blanks as "_". */
    evaluationName: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/ +/g, '_') || null : v),
      z
        .string()
        .regex(
          EVALUATION_NAME_PATTERN,
          'letters, digits and _ . : / - (at most 64), as the evaluator names it',
        )
        .nullable()
        .optional(),
    ),
    scoreThreshold: optionalNumber(
      z
        .number()
        .refine((n) => (SCORE_STEPS as readonly number[]).includes(n), `one of ${SCORE_STEPS.join(', ')}`),
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    const need = (field: 'model' | 'version' | 'namespace' | 'route', why: string) => {
      if (!v[field]) ctx.addIssue({ code: 'custom', path: [field], message: why })
    }
    if (v.targetKind === 'model' || v.targetKind === 'version') need('model', 'pick a model')
    if (v.targetKind === 'version') need('version', 'pick a version')
    if (v.targetKind === 'route') {
      need('namespace', 'the route’s namespace')
      need('route', 'the route’s name')
    }
    if (v.sliKind === 'latency' && !v.customGood && !v.latencyThreshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['latencyThreshold'],
        message: 'pick a time-to-first-token threshold',
      })
    }
    const evaluation = v.sliKind === 'quality' && !v.customGood && (v.qualitySource ?? 'legacy') !== 'legacy'
    if (evaluation && !v.evaluationName) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluationName'],
        message: 'the gen_ai.evaluation.name to count',
      })
    }
    if (evaluation && v.qualitySource === 'evaluation_score' && v.scoreThreshold === undefined) {
      ctx.addIssue({ code: 'custom', path: ['scoreThreshold'], message: 'pick a score threshold' })
    }
    if (Boolean(v.customGood) !== Boolean(v.customTotal)) {
      const path = v.customGood ? 'customTotal' : 'customGood'
      ctx.addIssue({ code: 'custom', path: [path], message: 'give both good and total queries, or neither' })
    }
    const digits = String(v.objectivePercent).split('.')[1]?.length ?? 0
    if (digits > 3)
      ctx.addIssue({ code: 'custom', path: ['objectivePercent'], message: 'at most 3 decimals' })
  })
export type SloInput = z.infer<typeof sloInputSchema>

export const sloUpdateSchema = z.object({ id: z.string().min(1).max(64), slo: sloInputSchema }).strict()
export const sloIdSchema = z.object({ id: z.string().min(1).max(64) }).strict()

export const incidentNoteSchema = z
  .object({
    sloId: z.string().min(1).max(64),
    body: z.string().trim().min(1, 'write a few words').max(2000, 'at most 2000 characters'),
    onset: z.iso.datetime().nullable().optional(),
    state: z.enum(['page', 'ticket', 'ok', 'no_data']).optional(),
  })
  .strict()
export type IncidentNoteInput = z.infer<typeof incidentNoteSchema>
