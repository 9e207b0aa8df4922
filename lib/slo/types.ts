import type { QUALITY_SOURCES, SLI_KINDS, TARGET_KINDS } from '@/lib/validations/slo'

/** SLO definitions as plain objects (what crosses from the database into pure code and the client). */

export type SliKind = (typeof SLI_KINDS)[number]

export type TargetKind = (typeof TARGET_KINDS)[number]

/**
 * Where a quality SLI reads its events: OpenTelemetry GenAI evaluation results through the
 * evaluation Collector (share labelled pass/correct, or share scoring at least a threshold), or
 * the console's original counter contract `aire_eval_outcomes_total` (docs/QUALITY-METRICS.md).
 */
export type QualitySource = (typeof QUALITY_SOURCES)[number]

/**
 * What the SLO is about. `model` is the console's model id (label aire.dev/model, the HTTPRoute
 * name in the seeded fleet); a version target adds `version`; a route target names the HTTPRoute.
 * `cluster` narrows any target to one cluster.
 */
export interface SloTarget {
  kind: TargetKind
  model: string | null
  /** The model's served name (vLLM --model), the value of the metrics' model labels. */
  servedModel: string | null
  version: string | null
  namespace: string | null
  route: string | null
  cluster: string | null
}

export interface SloDefinition {
  id: string
  name: string
  team: string
  description: string | null
  sliKind: SliKind
  target: SloTarget
  /** 0..1, e.g. 0.995 */
  objective: number
  windowDays: 28 | 30
  /** Quality SLIs: which events (absent on older rows and callers: `legacy`). */
  qualitySource?: QualitySource
  /** OpenTelemetry sources: the gen_ai.evaluation.name the SLI counts (as the Collector lower-cases it). */
  evaluationName?: string | null
  /** `evaluation_score`: events scoring at least this (one of SCORE_STEPS) are good. */
  scoreThreshold?: number | null
  /** Latency SLIs: requests with time to first token at or under this many seconds are good. */
  latencyThreshold: number | null
  /** Advanced: custom good/total PromQL with `$window` where the range goes. */
  customGood: string | null
  customTotal: string | null
  updatedAt: string
}

export function targetLabel(t: SloTarget): string {
  const where = t.cluster ? ` on ${t.cluster}` : ''
  if (t.kind === 'route') return `route ${t.namespace}/${t.route}${where}`
  if (t.kind === 'version') return `${t.model} ${t.version}${where}`
  return `${t.model}${where}`
}
