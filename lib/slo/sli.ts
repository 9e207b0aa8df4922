import {
  CLUSTER_LABEL,
  GOOD_EVALUATION_LABELS,
  OTEL_EVAL,
  QUALITY,
  SCORE_STEPS,
  VLLM,
} from '@/lib/metrics/contract'
import { promDuration, selector } from '@/lib/metrics/promql'
import type { SloDefinition, SloTarget } from './types'

/**
 * SLI templates over the documented metric names (docs/QUALITY-METRICS.md, lib/metrics/contract.ts):
 * pure builders returning exact PromQL (unit-tested). Every SLI is good/total events; the error
 * ratio over a window is 1 − Σgood/Σtotal, summed over every series of the target (all clusters
 * unless the target names one), so it is NaN-free only when the target had traffic.
 *
 *   quality       per source (lib/slo/types.ts QUALITY_SOURCES):
 *     evaluation_label  aire_gen_ai_evaluation_results_total{evaluation="E",label=~"pass|correct"}
 *                       / aire_gen_ai_evaluation_results_total{evaluation="E",label!=""}
 *     evaluation_score  aire_gen_ai_evaluation_scores_total{evaluation="E",score_ge=~"<steps ≥ T>"}
 *                       / aire_gen_ai_evaluation_scores_total{evaluation="E"}
 *     legacy            aire_eval_outcomes_total{outcome="good"} / aire_eval_outcomes_total
 *   availability  aire_requests_total{code!~"5.."}        / aire_requests_total
 *   latency       vllm:time_to_first_token_seconds_bucket{le="T"} / …_count
 */

/** Labels of our own counters (docs/QUALITY-METRICS.md). */
export const QUALITY_LABELS = {
  /** served model name (vLLM --model, the gateway's gen_ai_request_model) */
  model: 'model',
  version: 'version',
  /** HTTPRoute name; `namespace` is the route's (the team's) namespace */
  route: 'route',
  namespace: 'namespace',
  outcome: 'outcome',
  code: 'code',
} as const

/** What the builders read of an SLO. */
export type SliSubject = Pick<
  SloDefinition,
  | 'sliKind'
  | 'target'
  | 'latencyThreshold'
  | 'customGood'
  | 'customTotal'
  | 'qualitySource'
  | 'evaluationName'
  | 'scoreThreshold'
>

export interface SliQueries {
  /** good events per second over `$window` */
  good: string
  total: string
}

const WINDOW = '$window'

function qualityMatchers(t: SloTarget): Record<string, string> {
  const m: Record<string, string> = {}
  if (t.cluster) m[CLUSTER_LABEL] = t.cluster
  if (t.kind === 'route') {
    m[QUALITY_LABELS.namespace] = t.namespace ?? ''
    m[QUALITY_LABELS.route] = t.route ?? ''
    return m
  }
  m[QUALITY_LABELS.model] = t.servedModel ?? t.model ?? ''
  if (t.kind === 'version') m[QUALITY_LABELS.version] = t.version ?? ''
  return m
}

/**
 * vLLM series carry model_name and the pod, not the version or route: a version is its
 * Deployment's pods (`<model>-<version>-…`), a route the model's pods in the route's namespace.
 */
function vllmSelector(metric: string, t: SloTarget, extra = ''): string {
  const parts: string[] = []
  if (t.cluster) parts.push(`${CLUSTER_LABEL}="${t.cluster}"`)
  if (t.kind === 'route') parts.push(`namespace="${t.namespace ?? ''}"`)
  parts.push(`${VLLM.modelLabel}="${(t.servedModel ?? t.model ?? '').replace(/["\\]/g, '\\$&')}"`)
  // Model ids and versions are DNS labels: no regex metacharacters to quote.
  if (t.kind === 'version') parts.push(`pod=~"${t.model}-${t.version}-.*"`)
  if (extra) parts.push(extra)
  return `${metric}{${parts.join(',')}}`
}

/** `le` as the exposition wrote it: Prometheus 3 normalises "1.0" to "1", older versions keep both forms. */
export function leMatcher(threshold: number): string {
  const s = String(threshold)
  return Number.isInteger(threshold) ? `le=~"${s}|${s}\\\\.0"` : `le="${s}"`
}

/** A regex matcher of exact values: dots escaped as PromQL strings need them (`\\.`). */
function anyOf(label: string, values: readonly string[]): string {
  return `${label}=~"${values.map((v) => v.replace(/\./g, '\\\\.')).join('|')}"`
}

/** The `score_ge` steps at or above a threshold, which must be one of SCORE_STEPS. */
export function scoreStepsFrom(threshold: number): string[] {
  if (!(SCORE_STEPS as readonly number[]).includes(threshold)) {
    throw new Error(`a score threshold is one of ${SCORE_STEPS.join(', ')}`)
  }
  return SCORE_STEPS.filter((s) => s >= threshold).map(String)
}

/** Evaluation results of one gen_ai.evaluation.name (the Collector's counters, docs/QUALITY-METRICS.md). */
function evaluationQueries(s: SliSubject, rate: (sel: string) => string): SliQueries {
  if (!s.evaluationName) throw new Error('an evaluation SLI needs an evaluation name')
  const m = { [OTEL_EVAL.evaluationLabel]: s.evaluationName, ...qualityMatchers(s.target) }
  const extend = (sel: string, extra: string) => sel.replace(/}$/, `,${extra}}`)
  if (s.qualitySource === 'evaluation_score') {
    if (s.scoreThreshold == null) throw new Error('a score SLI needs a threshold')
    const total = selector(OTEL_EVAL.scores, m)
    const good = extend(total, anyOf(OTEL_EVAL.scoreStepLabel, scoreStepsFrom(s.scoreThreshold)))
    return { good: rate(good), total: rate(total) }
  }
  // Events with only a score carry label="" and say nothing about the label share.
  const all = selector(OTEL_EVAL.results, m)
  return {
    good: rate(extend(all, anyOf(OTEL_EVAL.labelLabel, GOOD_EVALUATION_LABELS))),
    total: rate(extend(all, `${OTEL_EVAL.labelLabel}!=""`)),
  }
}

/** The good/total PromQL of an SLI, per second, with `$window` as the range; callers sum() them. */
export function sliQueries(s: SliSubject): SliQueries {
  if (s.customGood && s.customTotal) return { good: s.customGood, total: s.customTotal }
  const rate = (sel: string) => `rate(${sel}[${WINDOW}])`
  if (s.sliKind === 'quality' && s.qualitySource && s.qualitySource !== 'legacy') {
    return evaluationQueries(s, rate)
  }
  if (s.sliKind === 'quality') {
    const m = qualityMatchers(s.target)
    return {
      good: rate(selector(QUALITY.evalOutcomes, { ...m, [QUALITY_LABELS.outcome]: 'good' })),
      total: rate(selector(QUALITY.evalOutcomes, m)),
    }
  }
  if (s.sliKind === 'availability') {
    const m = qualityMatchers(s.target)
    const total = selector(QUALITY.requests, m)
    const good = total.replace(/}$/, `,${QUALITY_LABELS.code}!~"5.."}`)
    return { good: rate(good), total: rate(total) }
  }
  if (!s.latencyThreshold) throw new Error('a latency SLI needs a threshold')
  return {
    good: rate(vllmSelector(`${VLLM.ttft}_bucket`, s.target, leMatcher(s.latencyThreshold))),
    total: rate(vllmSelector(`${VLLM.ttft}_count`, s.target)),
  }
}

export function withWindow(expr: string, seconds: number): string {
  return expr.split(WINDOW).join(promDuration(seconds))
}

/** Error ratio over a window: 1 − Σgood / Σtotal (NaN, i.e. no data, without traffic). */
export function errorRatioQuery(q: SliQueries, seconds: number): string {
  return `1 - sum(${withWindow(q.good, seconds)}) / sum(${withWindow(q.total, seconds)})`
}

/**
 * Whether an SLI's events still arrive: its total over the last 5 minutes exists (0 is fine: a
 * counter that is scraped but did not grow). A source that stopped — an evaluator or Collector
 * down, a scrape target gone — leaves no series at all, which a longer window would hide as "ok".
 */
export const FRESH_SECONDS = freshSeconds(process.env.AIRE_SLO_FRESH_SECONDS)

/** 300 s unless set (a slower scrape needs more: at least four scrape intervals); 10 s..1 h. */
export function freshSeconds(raw: string | undefined): number {
  const n = Number(raw)
  return raw && Number.isInteger(n) && n >= 10 && n <= 3600 ? n : 300
}

export function freshnessQuery(q: SliQueries, seconds = FRESH_SECONDS): string {
  return `sum(${withWindow(q.total, seconds)})`
}

/**
 * The last time (unix seconds) the freshness check held, to a fifth of its window, looking back at
 * most 24 hours: an instant of each step where the total still existed, the latest of them.
 */
export function lastSeenQuery(q: SliQueries, seconds = FRESH_SECONDS): string {
  const step = Math.max(2, Math.round(seconds / 5))
  const lookback = Math.min(86_400, step * 2_000)
  return `max_over_time(timestamp(${freshnessQuery(q, seconds)})[${lookback}s:${step}s])`
}

/** Tags a per-SLO expression with `slo="<id>"` so many SLOs share one query (joined by `or`). */
export function tagged(expr: string, sloId: string): string {
  return `label_replace(${expr}, "slo", "${sloId.replace(/["\\]/g, '')}", "", "")`
}

/** One query for many SLOs: each sub-result carries its `slo` label. */
export function batchQuery(parts: readonly { id: string; expr: string }[]): string {
  return parts.map((p) => tagged(p.expr, p.id)).join(' or ')
}

/**
 * Good and total events per chart step: the per-second rate over `spanSteps` steps times the step,
 * so a step shorter than two samples (sparse or coarse history) still sees two; consecutive
 * values then telescope to the total up to the smoothing at the ends.
 */
export function incrementQueries(
  q: SliQueries,
  stepSeconds: number,
  spanSteps = 1,
): { good: string; total: string } {
  const inc = (e: string) => `sum(${withWindow(e, stepSeconds * spanSteps)}) * ${stepSeconds}`
  return { good: inc(q.good), total: inc(q.total) }
}

/** Steps the increments average over: at least two, and at least 10 minutes of samples. */
export function incrementSpan(stepSeconds: number): number {
  return Math.max(2, Math.ceil(600 / stepSeconds))
}
