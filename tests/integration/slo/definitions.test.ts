/**
 * SLO definitions, notes and the PrometheusRule export against the real database and a real
 * Prometheus (PROMETHEUS_URL, else the test profile's, else a small stack of our own).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'
import type { SloDefinition } from '@/lib/slo/types'
import { sharedPrometheusUrl, startSloStack, type SloStack } from '@/harness/slo-stack'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
type AnySpec = ActionSpec<z.ZodType, unknown>
const suffix = Date.now().toString(36)

let stack: SloStack | null = null
let run: typeof import('@/lib/actions/run-action').executeAction
let db: typeof import('@/lib/db/client').db
let specs: { create: AnySpec; update: AnySpec; remove: AnySpec; note: AnySpec }
const as = (who: keyof typeof CALLERS) => ({ user: CALLERS[who], originOk: true })

const input = (over: Record<string, unknown> = {}) => ({
  name: `Int quality ${suffix}`,
  team: 'assistant',
  sliKind: 'quality',
  targetKind: 'model',
  model: 'llama-3-1-8b',
  servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
  objectivePercent: 99.5,
  windowDays: 30,
  ...over,
})

beforeAll(async () => {
  const url = sharedPrometheusUrl()
  const reachable = url ? (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true : false
  if (reachable) process.env.PROMETHEUS_URL = url!
  else {
    stack = await startSloStack({ scenario: 'dev/sim/scenarios/test.json', days: 0.05, name: 'slo-int' })
    process.env.PROMETHEUS_URL = stack.promUrl
  }
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  for (const name of ['assistant', 'search'])
    await db().team.upsert({ where: { name }, create: { name, displayName: name }, update: {} })
  const a = await import('@/lib/actions/specs/slo')
  specs = {
    create: a.createSloAction as AnySpec,
    update: a.updateSloAction as AnySpec,
    remove: a.deleteSloAction as AnySpec,
    note: a.saveIncidentNoteAction as AnySpec,
  }
}, 600_000)

afterAll(async () => {
  await stack?.stop()
})

let created: SloDefinition

describe('slo definitions: admins edit through the audited action pipeline', () => {
  it('an admin creates a template SLO; the audit record holds the definition', async () => {
    const res = await run(specs.create, input(), as('admin'))
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true })
    created = (res as { data: SloDefinition }).data
    expect(created).toMatchObject({ objective: 0.995, windowDays: 30, sliKind: 'quality' })
    const audit = await db().auditEvent.findFirst({
      where: { action: 'slo.create', name: created.name, result: 'applied' },
    })
    expect(JSON.parse(audit!.after!)).toMatchObject({ id: created.id, objective: 0.995 })
  })

  it('operators and viewers are refused, and the refusal is audited', async () => {
    for (const who of ['operator', 'viewer'] as const) {
      const res = await run(specs.create, input({ name: `Refused ${who} ${suffix}` }), as(who))
      expect(res).toMatchObject({ ok: false, code: 'forbidden' })
    }
    expect(await db().slo.count({ where: { name: { startsWith: 'Refused' } } })).toBe(0)
    expect(
      await db().auditEvent.count({
        where: { action: 'slo.create', result: 'refused', name: `Refused operator ${suffix}` },
      }),
    ).toBe(1)
  })

  it('invalid input names the fields; a duplicate name is a conflict', async () => {
    const bad = await run(
      specs.create,
      input({ objectivePercent: 100, model: '', name: `x${suffix}` }),
      as('admin'),
    )
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input' })
    const fe = (bad as { fieldErrors: Record<string, string[]> }).fieldErrors
    expect(Object.keys(fe).sort()).toEqual(['model', 'objectivePercent'])
    const dup = await run(specs.create, input(), as('admin'))
    expect(dup).toMatchObject({ ok: false, code: 'conflict', fieldErrors: { name: ['already used'] } })
  })

  it('custom PromQL is checked by Prometheus before it is saved', async () => {
    const refused = await run(
      specs.create,
      input({
        name: `Custom bad ${suffix}`,
        customGood: 'sum(rate(aire_eval_outcomes_total{outcome="good"}[$window])',
        customTotal: 'rate(aire_eval_outcomes_total[$window]) by (',
      }),
      as('admin'),
    )
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input' })
    const fe = (refused as { fieldErrors: Record<string, string[]> }).fieldErrors
    expect(fe.customGood![0]).toMatch(/^Prometheus refused this query: .*parse error/)
    expect(fe.customTotal![0]).toMatch(/^Prometheus refused this query/)
    const ok = await run(
      specs.create,
      input({
        name: `Custom ok ${suffix}`,
        customGood: 'sum(rate(aire_eval_outcomes_total{outcome="good"}[$window]))',
        customTotal: 'sum(rate(aire_eval_outcomes_total[$window]))',
      }),
      as('admin'),
    )
    expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true })
  })

  it('updates keep before and after in the audit trail; deletes remove the notes too', async () => {
    const up = await run(
      specs.update,
      { id: created.id, slo: input({ objectivePercent: 99.9, windowDays: 28 }) },
      as('admin'),
    )
    expect(up, JSON.stringify(up)).toMatchObject({ ok: true, data: { objective: 0.999, windowDays: 28 } })
    const a = await db().auditEvent.findFirst({
      where: { action: 'slo.update', name: created.name, result: 'applied' },
    })
    expect(JSON.parse(a!.before!)).toMatchObject({ objective: 0.995, windowDays: 30 })
    expect(JSON.parse(a!.after!)).toMatchObject({ objective: 0.999, windowDays: 28 })
  })

  it('incident notes: operators of the SLO’s team and admins, not other teams', async () => {
    const other = await run(specs.note, { sloId: created.id, body: 'not mine' }, as('otherOperator'))
    expect(other).toMatchObject({ ok: false, code: 'forbidden' })
    const mine = await run(
      specs.note,
      { sloId: created.id, body: 'rolled back v2', state: 'page' },
      as('operator'),
    )
    expect(mine, JSON.stringify(mine)).toMatchObject({ ok: true })
    expect(await db().incidentNote.count({ where: { sloId: created.id } })).toBe(1)
    const del = await run(specs.remove, { id: created.id }, as('admin'))
    expect(del).toMatchObject({ ok: true })
    expect(await db().incidentNote.count({ where: { sloId: created.id } })).toBe(0)
    const a = await db().auditEvent.findFirst({
      where: { action: 'slo.delete', name: created.name, result: 'applied' },
    })
    expect(JSON.parse(a!.before!)).toMatchObject({ id: created.id })
  })
})

describe('slo export: the PrometheusRule is valid and computes what the page computes', () => {
  it('passes promtool check rules, and each recording rule equals the page’s error ratio', async () => {
    const { prometheusRule } = await import('@/lib/slo/rules')
    const { evaluateSlos } = await import('@/lib/slo/evaluate')
    const { instantQuery } = await import('@/lib/metrics/prometheus')
    const slo: SloDefinition = { ...created, id: `cmexport${suffix}`, objective: 0.995, windowDays: 30 }
    const doc = prometheusRule(slo) as { spec: { groups: { rules: { record?: string; expr: string }[] }[] } }
    const dir = mkdtempSync(join(tmpdir(), 'aire-slo-rules-'))
    const file = join(dir, 'rules.yml')
    writeFileSync(file, yaml.dump({ groups: doc.spec.groups }))
    expect(execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' })).toContain('SUCCESS')

    const at = new Date(Date.now() - 60_000)
    const status = (await evaluateSlos([slo], at)).get(slo.id)!
    const records = doc.spec.groups
      .flatMap((g) => g.rules)
      .filter((r) => r.record?.startsWith('aire_slo:sli_error'))
    let compared = 0
    for (const r of records) {
      const w = r.record!.replace('aire_slo:sli_error:ratio_rate', '')
      const [sample] = await instantQuery(r.expr, at)
      const page =
        w === '30d'
          ? status.windowErrorRatio
          : status.burns[w as '5m'] === null
            ? null
            : status.burns[w as '5m']! * 0.005
      if (sample === undefined || !Number.isFinite(sample.value)) {
        expect(page).toBeNull()
        continue
      }
      expect(page).not.toBeNull()
      expect(sample.value).toBeCloseTo(page!, 9)
      compared++
    }
    expect(compared).toBeGreaterThanOrEqual(6)
  })
})
