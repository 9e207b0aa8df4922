/**
 * Quality SLOs over OpenTelemetry evaluation results, saved through the audited action pipeline
 * into the real database (migration 0012's columns, on SQLite and on PostgreSQL by DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { ActionSpec } from '@/lib/actions/run-action'
import type { SloDefinition } from '@/lib/slo/types'
import { CALLERS } from '@/tests/support/users'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
type AnySpec = ActionSpec<z.ZodType, unknown>
const suffix = Date.now().toString(36)
const admin = { user: CALLERS.admin, originOk: true }

let run: typeof import('@/lib/actions/run-action').executeAction
let db: typeof import('@/lib/db/client').db
let create: AnySpec
let update: AnySpec
let remove: AnySpec
const made: string[] = []

const input = (over: Record<string, unknown> = {}) => ({
  name: `Int eval ${suffix}`,
  team: 'assistant',
  sliKind: 'quality',
  targetKind: 'version',
  model: 'llama-3-1-8b',
  servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
  version: 'v2',
  objectivePercent: 99,
  windowDays: 30,
  ...over,
})

beforeAll(async () => {
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  await db().team.upsert({
    where: { name: 'assistant' },
    create: { name: 'assistant', displayName: 'assistant' },
    update: {},
  })
  const a = await import('@/lib/actions/specs/slo')
  ;[create, update, remove] = [a.createSloAction, a.updateSloAction, a.deleteSloAction] as [
    AnySpec,
    AnySpec,
    AnySpec,
  ]
})

afterAll(async () => {
  for (const id of made) await run(remove, { id }, admin)
})

describe('slo definitions: quality over OpenTelemetry evaluation results', () => {
  it('an admin saves a score SLO: source, evaluation name (as the Collector labels it) and threshold', async () => {
    const res = await run(
      create,
      input({ qualitySource: 'evaluation_score', evaluationName: 'Answer Relevancy', scoreThreshold: '0.8' }),
      admin,
    )
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true })
    const slo = (res as { data: SloDefinition }).data
    made.push(slo.id)
    expect(slo).toMatchObject({
      qualitySource: 'evaluation_score',
      evaluationName: 'answer_relevancy',
      scoreThreshold: 0.8,
    })
    const row = await db().slo.findUniqueOrThrow({ where: { id: slo.id } })
    expect(row).toMatchObject({
      qualitySource: 'evaluation_score',
      evaluationName: 'answer_relevancy',
      scoreThreshold: 0.8,
    })

    // Back to the legacy counters: name and threshold are not kept for a source that ignores them.
    const back = await run(
      update,
      { id: slo.id, slo: input({ qualitySource: 'legacy', evaluationName: 'x' }) },
      admin,
    )
    expect(back, JSON.stringify(back)).toMatchObject({ ok: true })
    expect((back as { data: SloDefinition }).data).toMatchObject({
      qualitySource: 'legacy',
      evaluationName: null,
      scoreThreshold: null,
    })
  })

  it('refuses a score SLO without a threshold and a label SLO without a name, field by field', async () => {
    const noThreshold = await run(
      create,
      input({ name: `Int eval b ${suffix}`, qualitySource: 'evaluation_score', evaluationName: 'relevance' }),
      admin,
    )
    expect(noThreshold).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(JSON.stringify(noThreshold)).toContain('scoreThreshold')
    const noName = await run(
      create,
      input({ name: `Int eval c ${suffix}`, qualitySource: 'evaluation_label' }),
      admin,
    )
    expect(noName).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(JSON.stringify(noName)).toContain('evaluationName')
  })

  it('an SLO saved without a source reads as the legacy counters', async () => {
    const res = await run(create, input({ name: `Int eval d ${suffix}` }), admin)
    const slo = (res as { data: SloDefinition }).data
    made.push(slo.id)
    expect(slo.qualitySource).toBe('legacy')
  })
})
