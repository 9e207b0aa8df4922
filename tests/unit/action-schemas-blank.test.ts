import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { gpuPriceSchema, modelPriceSchema, teamBudgetSchema } from '@/lib/validations/cost'
import { sloInputSchema } from '@/lib/validations/slo'
import { gpuQuotaSchema, rollbackSchema, tokenLimitSchema } from '@/lib/validations/quota'
import { quotaRequestSchema } from '@/lib/validations/quota-request'
import { shiftToStableSchema } from '@/lib/validations/route-ref'
import { routeWeightsSchema } from '@/lib/validations/route-weights'

/**
 * Every numeric field of every action schema, given what a blank form, a hand-made request or
 * JSON can carry, must refuse it — it must never reach a write as 0 (a deleted budget, a free price,
 * a drained route). Missing is checked too, as is each base input being valid on its own.
 */
// Prices take effect from the next whole hour on: tomorrow always qualifies.
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
const cases: { name: string; schema: z.ZodType; base: Record<string, unknown>; fields: string[][] }[] = [
  {
    name: 'route weights',
    schema: routeWeightsSchema,
    base: {
      cluster: 'gpu-east',
      namespace: 'team-search',
      name: 'llama',
      ruleIndex: 0,
      backends: [
        { name: 'a', from: 50, weight: 90 },
        { name: 'b', from: 50, weight: 10 },
      ],
    },
    fields: [
      ['ruleIndex'],
      ['backends', '0', 'weight'],
      ['backends', '1', 'weight'],
      ['backends', '0', 'from'],
    ],
  },
  {
    name: 'shift to stable',
    schema: shiftToStableSchema,
    base: {
      cluster: 'gpu-east',
      namespace: 'team-search',
      name: 'llama',
      ruleIndex: 0,
      stable: 'llama-v1',
    },
    fields: [['ruleIndex']],
  },
  {
    name: 'GPU quota',
    schema: gpuQuotaSchema,
    base: { cluster: 'gpu-east', namespace: 'team-search', hard: '8', from: '4' },
    fields: [['hard']],
  },
  {
    name: 'token limit',
    schema: tokenLimitSchema,
    base: { cluster: 'gpu-east', team: 'search', tokensPerHour: 5000, from: null },
    fields: [['tokensPerHour']],
  },
  {
    name: 'rollback',
    schema: rollbackSchema,
    base: { cluster: 'gpu-east', namespace: 'team-search', name: 'llama', revision: 2, generation: 7 },
    fields: [['revision'], ['generation']],
  },
  {
    name: 'team budget',
    schema: teamBudgetSchema,
    base: { team: 'search', monthly: '12000', warnAtPercent: '80' },
    fields: [['monthly'], ['warnAtPercent']],
  },
  {
    name: 'model price',
    schema: modelPriceSchema,
    base: { model: 'llama', effectiveFrom: tomorrow, inputPerM: '1', outputPerM: '2', cachedPerM: '0.5' },
    fields: [['inputPerM'], ['outputPerM'], ['cachedPerM']],
  },
  {
    name: 'GPU price',
    schema: gpuPriceSchema,
    base: { product: 'NVIDIA-H100-80GB-HBM3', effectiveFrom: tomorrow, perHour: '3.5' },
    fields: [['perHour']],
  },
  {
    name: 'quota request (GPUs)',
    schema: quotaRequestSchema,
    base: {
      kind: 'gpu',
      team: 'search',
      cluster: 'gpu-east',
      namespace: 'team-search',
      requested: '8',
      reason: 'launch',
    },
    fields: [['requested']],
  },
  {
    name: 'quota request (tokens)',
    schema: quotaRequestSchema,
    base: { kind: 'tokens', team: 'search', cluster: 'gpu-east', requested: '5000', reason: 'launch' },
    fields: [['requested']],
  },
  {
    name: 'quota request (budget)',
    schema: quotaRequestSchema,
    base: { kind: 'budget', team: 'search', requested: '12000', reason: 'launch' },
    fields: [['requested']],
  },
  {
    name: 'SLO',
    schema: sloInputSchema,
    base: {
      name: 'Search TTFT',
      team: 'search',
      sliKind: 'latency',
      targetKind: 'model',
      model: 'llama',
      objectivePercent: '99.5',
      windowDays: '30',
      latencyThreshold: '0.5',
    },
    fields: [['objectivePercent'], ['windowDays'], ['latencyThreshold']],
  },
]

const MISSING = Symbol('missing')
const BAD: unknown[] = [
  '',
  ' ',
  '\t',
  null,
  MISSING,
  NaN,
  Infinity,
  -Infinity,
  '1e309',
  -0,
  '-0',
  'abc',
  '0x10',
]

function withField(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base)
  let obj = copy as Record<string, unknown>
  for (const key of path.slice(0, -1)) obj = obj[key] as Record<string, unknown>
  const last = path.at(-1)!
  if (value === MISSING) delete obj[last]
  else obj[last] = value
  return copy
}

function at(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value)
}

describe.each(cases)('$name schema', ({ schema, base, fields }) => {
  it('accepts its base input', () => {
    expect(schema.safeParse(base).error?.issues).toBeUndefined()
  })

  it.each(fields.map((f) => [f.join('.'), f] as const))(
    '%s: blank, missing, NaN, infinite and negative zero never parse to 0',
    (_, path) => {
      for (const bad of BAD) {
        const r = schema.safeParse(withField(base, path, bad))
        const label = `${path.join('.')} = ${bad === MISSING ? '(missing)' : (JSON.stringify(bad) ?? String(bad))}`
        if (r.success) {
          const v = at(r.data, path)
          // Optional fields may parse to "not given" (or their default); never to zero.
          expect(typeof v === 'number' && v === 0, label).toBe(false)
          expect(v === '0' || v === '-0', label).toBe(false)
        } else {
          expect(r.error.issues[0]?.message.length, label).toBeGreaterThan(3)
        }
      }
    },
  )
})

describe('team budget', () => {
  it('is removed only when asked, never by a blank amount', () => {
    expect(teamBudgetSchema.parse({ team: 'search', remove: true })).toMatchObject({ remove: true })
    const blank = teamBudgetSchema.safeParse({ team: 'search', monthly: '' })
    expect(blank.error?.issues[0]).toMatchObject({ path: ['monthly'] })
    expect(blank.error?.issues[0]?.message).toMatch(/Remove budget/)
  })

  it('refuses 0 as an amount, and an amount together with remove', () => {
    expect(teamBudgetSchema.safeParse({ team: 'search', monthly: '0' }).error?.issues[0]?.message).toMatch(
      /more than 0/,
    )
    expect(teamBudgetSchema.safeParse({ team: 'search', monthly: '10', remove: true }).success).toBe(false)
  })

  it('keeps the default warning threshold when the field is left blank', () => {
    expect(teamBudgetSchema.parse({ team: 'search', monthly: '100', warnAtPercent: '' }).warnAtPercent).toBe(
      80,
    )
  })
})

describe('prices', () => {
  it('take an explicit 0 as free, but not a blank field', () => {
    const free = { model: 'llama', effectiveFrom: tomorrow, inputPerM: '0', outputPerM: '0', cachedPerM: '0' }
    expect(modelPriceSchema.parse(free).inputPerM).toBe(0)
    const blank = modelPriceSchema.safeParse({ ...free, inputPerM: '' })
    expect(blank.error?.issues[0]).toMatchObject({
      path: ['inputPerM'],
      message: 'Enter a price (0 for free).',
    })
  })
})
