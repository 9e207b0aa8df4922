import { describe, expect, it } from 'vitest'
import {
  batchQuery,
  errorRatioQuery,
  incrementQueries,
  incrementSpan,
  leMatcher,
  scoreStepsFrom,
  sliQueries,
  withWindow,
  type SliSubject,
} from './sli'
import type { SloTarget } from './types'

const target = (t: Partial<SloTarget>): SloTarget => ({
  kind: 'model',
  model: 'llama-3-1-8b',
  servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
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

describe('SLI templates', () => {
  it('quality of a model: good eval outcomes over all outcomes of its served name', () => {
    expect(sliQueries(subject({}))).toEqual({
      good: 'rate(aire_eval_outcomes_total{model="meta-llama/Llama-3.1-8B-Instruct",outcome="good"}[$window])',
      total: 'rate(aire_eval_outcomes_total{model="meta-llama/Llama-3.1-8B-Instruct"}[$window])',
    })
  })

  it('quality of a model version on one cluster', () => {
    const q = sliQueries(subject({ target: target({ kind: 'version', version: 'v2', cluster: 'gpu-east' }) }))
    expect(q.good).toBe(
      'rate(aire_eval_outcomes_total{cluster="gpu-east",model="meta-llama/Llama-3.1-8B-Instruct",version="v2",outcome="good"}[$window])',
    )
  })

  it('availability of a route: non-5xx over all requests', () => {
    const q = sliQueries(
      subject({
        sliKind: 'availability',
        target: target({ kind: 'route', namespace: 'team-assistant', route: 'llama-3-1-8b' }),
      }),
    )
    expect(q).toEqual({
      good: 'rate(aire_requests_total{namespace="team-assistant",route="llama-3-1-8b",code!~"5.."}[$window])',
      total: 'rate(aire_requests_total{namespace="team-assistant",route="llama-3-1-8b"}[$window])',
    })
  })

  it('latency of a version: TTFT bucket at the threshold over the count, by the version’s pods', () => {
    const q = sliQueries(
      subject({
        sliKind: 'latency',
        latencyThreshold: 0.5,
        target: target({ kind: 'version', version: 'v2' }),
      }),
    )
    expect(q).toEqual({
      good: 'rate(vllm:time_to_first_token_seconds_bucket{model_name="meta-llama/Llama-3.1-8B-Instruct",pod=~"llama-3-1-8b-v2-.*",le="0.5"}[$window])',
      total:
        'rate(vllm:time_to_first_token_seconds_count{model_name="meta-llama/Llama-3.1-8B-Instruct",pod=~"llama-3-1-8b-v2-.*"}[$window])',
    })
  })

  it('matches both spellings of a whole-second bucket bound ("1" and "1.0")', () => {
    expect(leMatcher(1)).toBe('le=~"1|1\\\\.0"')
    expect(leMatcher(0.25)).toBe('le="0.25"')
  })

  it('latency needs a threshold', () => {
    expect(() => sliQueries(subject({ sliKind: 'latency' }))).toThrow()
  })

  it('custom good/total PromQL wins over the template', () => {
    const q = sliQueries(
      subject({ customGood: 'sum(rate(a[$window]))', customTotal: 'sum(rate(b[$window]))' }),
    )
    expect(errorRatioQuery(q, 3600)).toBe('1 - sum(sum(rate(a[1h]))) / sum(sum(rate(b[1h])))')
  })

  it('error ratio over a window, and the SLO window in days', () => {
    const q = sliQueries(subject({}))
    expect(errorRatioQuery(q, 300)).toBe(
      '1 - sum(rate(aire_eval_outcomes_total{model="meta-llama/Llama-3.1-8B-Instruct",outcome="good"}[5m])) / sum(rate(aire_eval_outcomes_total{model="meta-llama/Llama-3.1-8B-Instruct"}[5m]))',
    )
    expect(withWindow('x[$window] y[$window]', 30 * 86_400)).toBe('x[30d] y[30d]')
  })

  it('batches many SLOs in one query, each tagged with its id', () => {
    expect(
      batchQuery([
        { id: 'a1', expr: 'vector(1)' },
        { id: 'b2', expr: 'vector(2)' },
      ]),
    ).toBe('label_replace(vector(1), "slo", "a1", "", "") or label_replace(vector(2), "slo", "b2", "", "")')
  })

  it('increments per chart step, averaged over enough steps to hold two samples', () => {
    const q = incrementQueries(
      { good: 'rate(g[$window])', total: 'rate(t[$window])' },
      3600,
      incrementSpan(3600),
    )
    expect(q).toEqual({ good: 'sum(rate(g[2h])) * 3600', total: 'sum(rate(t[2h])) * 3600' })
    expect(incrementSpan(30)).toBe(20)
    expect(incrementQueries({ good: 'rate(g[$window])', total: 'x' }, 30, 20).good).toBe(
      'sum(rate(g[10m])) * 30',
    )
  })

  describe('OpenTelemetry evaluation results (the Collector’s counters)', () => {
    const version = target({ kind: 'version', version: 'v2', cluster: 'gpu-east' })

    it('label share of one evaluation of a model version: pass or correct over every labelled result', () => {
      const q = sliQueries(
        subject({ target: version, qualitySource: 'evaluation_label', evaluationName: 'faithfulness' }),
      )
      expect(q).toEqual({
        good: 'rate(aire_gen_ai_evaluation_results_total{evaluation="faithfulness",cluster="gpu-east",model="meta-llama/Llama-3.1-8B-Instruct",version="v2",label=~"pass|correct"}[$window])',
        total:
          'rate(aire_gen_ai_evaluation_results_total{evaluation="faithfulness",cluster="gpu-east",model="meta-llama/Llama-3.1-8B-Instruct",version="v2",label!=""}[$window])',
      })
    })

    it('score share of a route: the score steps at and above the threshold over every scored result', () => {
      const q = sliQueries(
        subject({
          target: target({ kind: 'route', namespace: 'team-search', route: 'search-llm' }),
          qualitySource: 'evaluation_score',
          evaluationName: 'relevance',
          scoreThreshold: 0.8,
        }),
      )
      expect(q).toEqual({
        good: 'rate(aire_gen_ai_evaluation_scores_total{evaluation="relevance",namespace="team-search",route="search-llm",score_ge=~"0\\\\.8|0\\\\.85|0\\\\.9|0\\\\.95|0\\\\.99|1|2|3|4|5"}[$window])',
        total:
          'rate(aire_gen_ai_evaluation_scores_total{evaluation="relevance",namespace="team-search",route="search-llm"}[$window])',
      })
    })

    it('a 1–5 rating threshold counts whole points only', () => {
      expect(scoreStepsFrom(4)).toEqual(['4', '5'])
      expect(scoreStepsFrom(0)).toHaveLength(19)
    })

    it('refuses a threshold between steps and an SLI without an evaluation name', () => {
      expect(() => scoreStepsFrom(0.42)).toThrow(/one of/)
      expect(() => sliQueries(subject({ qualitySource: 'evaluation_label' }))).toThrow(/evaluation name/)
      expect(() =>
        sliQueries(subject({ qualitySource: 'evaluation_score', evaluationName: 'relevance' })),
      ).toThrow(/threshold/)
    })

    it('the legacy source and rows without a source still read aire_eval_outcomes_total', () => {
      const legacy = sliQueries(subject({ qualitySource: 'legacy', evaluationName: 'ignored' }))
      expect(legacy).toEqual(sliQueries(subject({})))
      expect(legacy.good).toContain('aire_eval_outcomes_total{')
    })

    it('error ratio over 5m for a model: one minus pass/correct over labelled results', () => {
      const q = sliQueries(subject({ qualitySource: 'evaluation_label', evaluationName: 'golden.qa' }))
      expect(errorRatioQuery(q, 300)).toBe(
        '1 - sum(rate(aire_gen_ai_evaluation_results_total{evaluation="golden.qa",model="meta-llama/Llama-3.1-8B-Instruct",label=~"pass|correct"}[5m])) / sum(rate(aire_gen_ai_evaluation_results_total{evaluation="golden.qa",model="meta-llama/Llama-3.1-8B-Instruct",label!=""}[5m]))',
      )
    })
  })
})
