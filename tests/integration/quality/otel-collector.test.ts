/**
 * OpenTelemetry GenAI evaluation results through the real evaluation Collector (dev/otelcol) into
 * a real Prometheus, read with the PromQL the SLO templates build (lib/slo/sli.ts). Needs the
 * Collector binary (bash dev/otelcol/build.sh; dev/test-all.sh builds it); skipped with a message
 * when it has not been built.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DROP_REASONS, OTEL_EVAL } from '@/lib/metrics/contract'
import {
  GEN_AI_EVALUATION as A,
  evaluationLogsRequest,
  evaluationRecord,
  evaluationResultsRequest,
  otlpAttribute,
  type EvaluationResult,
  type OtlpKeyValue,
} from '@/lib/quality/otlp-evaluation'
import { errorRatioQuery, sliQueries, type SliSubject } from '@/lib/slo/sli'
import type { SloTarget } from '@/lib/slo/types'
import {
  collectorBinary,
  instant,
  postLogs,
  scalarOf,
  startOtelStack,
  waitFor,
  type OtelStack,
} from '@/harness/otel-stack'
import { exportLogsGrpc } from '@/harness/otlp-grpc'

const bin = collectorBinary()
const built = existsSync(bin)
if (!built)
  console.warn(
    `quality/otel-collector: skipped, the Collector is not built (${bin}); run bash dev/otelcol/build.sh`,
  )

const SERVED = 'meta-llama/Llama-3.1-8B-Instruct'
const target = (t: Partial<SloTarget>): SloTarget => ({
  kind: 'model',
  model: 'llama-3-1-8b',
  servedModel: SERVED,
  version: null,
  namespace: null,
  route: null,
  cluster: null,
  ...t,
})
const subject = (s: Partial<SliSubject>): SliSubject => ({
  sliKind: 'quality',
  target: target({}),
  latencyThreshold: null,
  customGood: null,
  customTotal: null,
  ...s,
})
const repeat = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One round of well-formed results: the same mix each round, so every series grows alike. */
function round(): EvaluationResult[] {
  const placed = { requestModel: SERVED, namespace: 'team-assistant', route: 'llama-3-1-8b' }
  const faith = (version: string, scoreLabel: string): EvaluationResult => ({
    name: 'faithfulness',
    scoreLabel,
    version,
    ...placed,
  })
  const rel = (scoreValue: number, scoreLabel?: string): EvaluationResult => ({
    name: 'Relevance', // evaluators capitalise; the Collector lower-cases
    scoreValue,
    ...(scoreLabel ? { scoreLabel } : {}),
    version: 'v2',
    ...placed,
  })
  return [
    // v2: 35 of 50 pass or correct, labels in any case and with blanks
    ...repeat(20, faith('v2', 'pass')),
    ...repeat(5, faith('v2', 'PASS')),
    ...repeat(5, faith('v2', ' Pass ')),
    ...repeat(10, faith('v2', 'fail')),
    ...repeat(5, faith('v2', 'correct')),
    ...repeat(5, faith('v2', 'incorrect')),
    // v1: all 50 pass
    ...repeat(50, faith('v1', 'pass')),
    // scores 0–1: 10 of 40 at ≥ 0.9, 20 at ≥ 0.8
    ...repeat(10, rel(0.95, 'pass')),
    ...repeat(10, rel(0.8)),
    ...repeat(20, rel(0.5)),
    // a 1–5 rating as an OTLP double: 6 of 10 at ≥ 4
    ...[5, 5, 5, 4, 4, 4, 2, 2, 2, 2].map((s) => ({
      name: 'helpfulness',
      scoreValue: s,
      version: 'v2',
      ...placed,
    })),
  ]
}

async function send(stack: OtelStack, results: EvaluationResult[], per = 40): Promise<void> {
  for (let i = 0; i < results.length; i += per) {
    const status = await postLogs(
      stack.otlpUrl,
      evaluationResultsRequest(results.slice(i, i + per), {
        'service.name': 'it-evaluator',
        [A.cluster]: 'gpu-east',
      }),
    )
    expect(status).toBe(200)
  }
}

async function sendRecords(stack: OtelStack, attrs: OtlpKeyValue[][], per = 1000): Promise<void> {
  for (let i = 0; i < attrs.length; i += per) {
    const body = evaluationLogsRequest(attrs.slice(i, i + per).map((a) => evaluationRecord(a)))
    expect(await postLogs(stack.otlpUrl, body)).toBe(200)
  }
}

const total = (sel: string) => `sum(${sel})`

describe.skipIf(!built)('quality: evaluation results through the real OpenTelemetry Collector', () => {
  let stack: OtelStack
  /** seconds since the second round was sent, plus margin: a window holding only its growth */
  let window = 0

  beforeAll(async () => {
    stack = await startOtelStack({
      name: 'otel-collector-it',
      basePort: 19340,
      allowedNames: '^(faithfulness|relevance|helpfulness|after-flood|grpc-check)$',
    })
    // Round 1 creates every series (Prometheus sees no growth in a series' first sample); round 2
    // is what the SLO windows measure.
    await send(stack, round())
    const faith = total(`${OTEL_EVAL.results}{evaluation="faithfulness"}`)
    expect(await waitFor(stack.promUrl, faith, (v) => v === 100)).toBe(100)
    await sleep(2500 * stack.scrapeSeconds)
    const t1 = Date.now()
    await send(stack, round())
    expect(await waitFor(stack.promUrl, faith, (v) => v === 200)).toBe(200)
    expect(
      await waitFor(stack.promUrl, total(`${OTEL_EVAL.scores}{evaluation="helpfulness"}`), (v) => v === 20),
    ).toBe(20)
    await sleep(1500 * stack.scrapeSeconds)
    window = Math.ceil((Date.now() - t1) / 1000) + stack.scrapeSeconds
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
  })

  const good = async (s: SliSubject) =>
    scalarOf(stack.promUrl, `1 - (${errorRatioQuery(sliQueries(s), window)})`)

  it('counts each label shape: lower-cased, by evaluation, label, model and version', async () => {
    const rows = await instant(
      stack.promUrl,
      `sum by (label) (${OTEL_EVAL.results}{evaluation="faithfulness",model="${SERVED}",version="v2",namespace="team-assistant",route="llama-3-1-8b",cluster="gpu-east"})`,
    )
    expect(Object.fromEntries(rows.map((r) => [r.metric.label, r.value]))).toEqual({
      pass: 60,
      fail: 20,
      correct: 10,
      incorrect: 10,
    })
  })

  it('label SLI: share labelled pass or correct per version, per model and per route', async () => {
    const label = { qualitySource: 'evaluation_label', evaluationName: 'faithfulness' } as const
    expect(await good(subject({ ...label, target: target({ kind: 'version', version: 'v2' }) }))).toBeCloseTo(
      0.7,
      6,
    )
    expect(await good(subject({ ...label, target: target({ kind: 'version', version: 'v1' }) }))).toBeCloseTo(
      1,
      6,
    )
    expect(await good(subject({ ...label, target: target({ cluster: 'gpu-east' }) }))).toBeCloseTo(0.85, 6)
    const route = target({ kind: 'route', namespace: 'team-assistant', route: 'llama-3-1-8b' })
    expect(await good(subject({ ...label, target: route }))).toBeCloseTo(0.85, 6)
    // a score-only result says nothing about the label share: relevance's labelled ones all pass
    expect(
      await good(subject({ qualitySource: 'evaluation_label', evaluationName: 'relevance' })),
    ).toBeCloseTo(1, 6)
  })

  it('score SLI: share scoring at least the threshold, for 0–1 scores and 1–5 ratings', async () => {
    const score = (evaluationName: string, scoreThreshold: number) =>
      good(subject({ qualitySource: 'evaluation_score', evaluationName, scoreThreshold }))
    expect(await score('relevance', 0.8)).toBeCloseTo(0.5, 6) // 0.8 itself counts
    expect(await score('relevance', 0.9)).toBeCloseTo(0.25, 6)
    expect(await score('relevance', 0.5)).toBeCloseTo(1, 6)
    expect(await score('helpfulness', 4)).toBeCloseTo(0.6, 6)
    expect(await score('helpfulness', 5)).toBeCloseTo(0.3, 6)
  })

  it('malformed events are dropped and counted by reason; series stay bounded; the Collector stays healthy', async () => {
    const name = (n: string) => otlpAttribute(A.name, n)
    const seriesBefore = await scalarOf(stack.promUrl, `count(${OTEL_EVAL.results})`)
    const malformed: [string, OtlpKeyValue[][]][] = [
      [
        'name_missing',
        [
          ...repeat(3, [otlpAttribute(A.scoreLabel, 'pass')]),
          [name(''), otlpAttribute(A.scoreLabel, 'pass')],
        ],
      ],
      [
        'name_invalid',
        [
          [name('x'.repeat(65)), otlpAttribute(A.scoreLabel, 'pass')],
          [name('Bad{Name}="x"'), otlpAttribute(A.scoreLabel, 'pass')],
          [otlpAttribute(A.name, 42), otlpAttribute(A.scoreLabel, 'pass')],
        ],
      ],
      // 10,000 distinct names of the right shape, none on the allow-list
      [
        'name_not_allowed',
        Array.from({ length: 10_000 }, (_, i) => [name(`eval-${i}`), otlpAttribute(A.scoreLabel, 'pass')]),
      ],
      // 10,000 distinct labels: outside the vocabulary, so no series each
      [
        'label_not_allowed',
        [
          ...Array.from({ length: 10_000 }, (_, i) => [
            name('faithfulness'),
            otlpAttribute(A.scoreLabel, `label-${i}`),
          ]),
          [name('faithfulness'), otlpAttribute(A.scoreLabel, true)],
        ],
      ],
      [
        'score_not_finite',
        [NaN, NaN, NaN, Infinity, -Infinity, 1e12].map((v) => [
          name('relevance'),
          otlpAttribute(A.scoreValue, v),
        ]),
      ],
      [
        'score_not_numeric',
        [
          [name('relevance'), otlpAttribute(A.scoreValue, 'high')],
          [name('relevance'), otlpAttribute(A.scoreValue, '0.9')],
        ],
      ],
      ['no_result', repeat(2, [name('relevance')])],
      [
        'attribute_invalid',
        [
          [name('faithfulness'), otlpAttribute(A.scoreLabel, 'pass'), otlpAttribute(A.namespace, 'Team_A')],
          [
            name('faithfulness'),
            otlpAttribute(A.scoreLabel, 'pass'),
            otlpAttribute(A.requestModel, `m${'x'.repeat(300)}`),
          ],
        ],
      ],
    ]
    expect(malformed.map(([r]) => r).sort()).toEqual([...DROP_REASONS].sort())
    for (const [, records] of malformed) await sendRecords(stack, records)
    // Not evaluation results at all: ignored, counted nowhere.
    const plain = evaluationLogsRequest([
      {
        ...evaluationRecord([name('faithfulness'), otlpAttribute(A.scoreLabel, 'pass')]),
        eventName: 'app.log',
      },
    ])
    expect(await postLogs(stack.otlpUrl, plain)).toBe(200)

    const expected = Object.fromEntries(malformed.map(([r, records]) => [r, records.length]))
    const all = Object.values(expected).reduce((a, b) => a + b, 0)
    expect(await waitFor(stack.promUrl, total(OTEL_EVAL.dropped), (v) => v === all, 30_000)).toBe(all)
    const byReason = await instant(stack.promUrl, `sum by (reason) (${OTEL_EVAL.dropped})`)
    expect(Object.fromEntries(byReason.map((r) => [r.metric.reason, r.value]))).toEqual(expected)

    // Still healthy and still counting: a valid result after the flood lands in its own series.
    expect((await fetch(stack.healthUrl)).ok).toBe(true)
    await send(stack, [{ name: 'after-flood', scoreLabel: 'pass' }])
    expect(
      await waitFor(stack.promUrl, total(`${OTEL_EVAL.results}{evaluation="after-flood"}`), (v) => v === 1),
    ).toBe(1)
    // 20,000 malformed events made no result series, and the drops one series per reason.
    expect(await scalarOf(stack.promUrl, `count(${OTEL_EVAL.results})`)).toBe((seriesBefore ?? 0) + 1)
    expect(await scalarOf(stack.promUrl, `count(${OTEL_EVAL.dropped})`)).toBe(DROP_REASONS.length)
    expect(await scalarOf(stack.promUrl, `count({__name__=~"aire_gen_ai_evaluation_.+"})`)).toBeLessThan(40)
    // Nothing refused at the door, no delta point lost on the way to cumulative.
    expect(await scalarOf(stack.promUrl, 'sum(otelcol_receiver_refused_log_records)')).toBe(0)
    expect(await scalarOf(stack.promUrl, 'sum(otelcol_deltatocumulative_datapoints{error!=""})')).toBeNull()
  })

  it('takes the same events over OTLP/gRPC: counted alike, a malformed one dropped by reason', async () => {
    const dropped = `sum(${OTEL_EVAL.dropped}{reason="score_not_finite"})`
    const droppedBefore = (await scalarOf(stack.promUrl, dropped)) ?? 0
    const placed = { requestModel: SERVED, version: 'v3', namespace: 'team-assistant' }
    const body = evaluationResultsRequest(
      [
        ...repeat(3, { name: 'grpc-check', scoreLabel: 'pass', ...placed }),
        { name: 'grpc-check', scoreLabel: 'Fail', scoreValue: 0.25, ...placed },
        { name: 'grpc-check', scoreValue: NaN, ...placed },
      ],
      { 'service.name': 'it-evaluator-grpc' },
    )
    const grpcAddress = new URL(stack.otlpUrl).hostname + ':' + (Number(new URL(stack.otlpUrl).port) + 1)
    expect(await exportLogsGrpc(grpcAddress, body)).toMatchObject({ status: 0 })
    const sel = `${OTEL_EVAL.results}{evaluation="grpc-check",model="${SERVED}",version="v3"}`
    expect(await waitFor(stack.promUrl, total(sel), (v) => v === 4, 20_000)).toBe(4)
    const rows = await instant(stack.promUrl, `sum by (label) (${sel})`)
    expect(Object.fromEntries(rows.map((r) => [r.metric.label, r.value]))).toEqual({ pass: 3, fail: 1 })
    expect(
      await scalarOf(stack.promUrl, total(`${OTEL_EVAL.scores}{evaluation="grpc-check",score_ge="0.2"}`)),
    ).toBe(1)
    expect(await waitFor(stack.promUrl, dropped, (v) => v === droppedBefore + 1, 20_000)).toBe(
      droppedBefore + 1,
    )
  })
})
