/**
 * OpenTelemetry GenAI evaluation results as an OTLP/HTTP JSON logs request (POST /v1/logs): what
 * an evaluator, the golden-set prober and the tests send to the evaluation Collector
 * (dev/otelcol, docs/QUALITY-METRICS.md). Pure: no I/O.
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-events/ (gen_ai.evaluation.result, experimental)
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */

/** Event and attribute names: the GenAI convention's, plus ours for version and route. */
export const GEN_AI_EVALUATION = {
  event: 'gen_ai.evaluation.result',
  name: 'gen_ai.evaluation.name',
  scoreValue: 'gen_ai.evaluation.score.value',
  scoreLabel: 'gen_ai.evaluation.score.label',
  explanation: 'gen_ai.evaluation.explanation',
  responseId: 'gen_ai.response.id',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  /** ours: the model version (Deployment / InferencePool) the answer came from */
  modelVersion: 'aire.model.version',
  /** ours: the HTTPRoute's name; its namespace is k8s.namespace.name */
  route: 'aire.route.name',
  namespace: 'k8s.namespace.name',
  cluster: 'k8s.cluster.name',
} as const

/** OTLP AnyValue in its JSON form; 64-bit integers travel as strings, NaN and ±Inf as words. */
export type OtlpValue =
  { stringValue: string } | { doubleValue: number | string } | { intValue: string } | { boolValue: boolean }
export interface OtlpKeyValue {
  key: string
  value: OtlpValue
}

export interface EvaluationResult {
  name: string
  scoreValue?: number
  scoreLabel?: string
  explanation?: string
  responseId?: string
  requestModel?: string
  responseModel?: string
  version?: string
  namespace?: string
  route?: string
  cluster?: string
}

/** A JSON number cannot be NaN or infinite; protobuf JSON spells them as strings. */
function doubleJson(n: number): number | string {
  if (Number.isNaN(n)) return 'NaN'
  if (n === Infinity) return 'Infinity'
  if (n === -Infinity) return '-Infinity'
  return n
}

export function otlpAttribute(key: string, value: string | number | boolean): OtlpKeyValue {
  if (typeof value === 'string') return { key, value: { stringValue: value } }
  if (typeof value === 'boolean') return { key, value: { boolValue: value } }
  return { key, value: { doubleValue: doubleJson(value) } }
}

const FIELDS: readonly [keyof EvaluationResult, string][] = [
  ['name', GEN_AI_EVALUATION.name],
  ['scoreValue', GEN_AI_EVALUATION.scoreValue],
  ['scoreLabel', GEN_AI_EVALUATION.scoreLabel],
  ['explanation', GEN_AI_EVALUATION.explanation],
  ['responseId', GEN_AI_EVALUATION.responseId],
  ['requestModel', GEN_AI_EVALUATION.requestModel],
  ['responseModel', GEN_AI_EVALUATION.responseModel],
  ['version', GEN_AI_EVALUATION.modelVersion],
  ['namespace', GEN_AI_EVALUATION.namespace],
  ['route', GEN_AI_EVALUATION.route],
  ['cluster', GEN_AI_EVALUATION.cluster],
]

export function evaluationAttributes(r: EvaluationResult): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = []
  for (const [field, key] of FIELDS) {
    const v = r[field]
    if (v !== undefined) out.push(otlpAttribute(key, v))
  }
  return out
}

export interface OtlpLogRecord {
  timeUnixNano: string
  eventName: string
  attributes: OtlpKeyValue[]
}

/** One `gen_ai.evaluation.result` log record with exactly these attributes (malformed ones too). */
export function evaluationRecord(attributes: OtlpKeyValue[], at: Date = new Date()): OtlpLogRecord {
  return {
    timeUnixNano: `${BigInt(at.getTime()) * 1_000_000n}`,
    eventName: GEN_AI_EVALUATION.event,
    attributes,
  }
}

/** The ExportLogsServiceRequest body for records of one resource (service.name and the like). */
export function evaluationLogsRequest(
  records: readonly OtlpLogRecord[],
  resource: Record<string, string> = {},
  scope = 'aire-console',
) {
  return {
    resourceLogs: [
      {
        resource: { attributes: Object.entries(resource).map(([k, v]) => otlpAttribute(k, v)) },
        scopeLogs: [{ scope: { name: scope }, logRecords: records }],
      },
    ],
  }
}

/** Evaluation results as one request body. */
export function evaluationResultsRequest(
  results: readonly EvaluationResult[],
  resource: Record<string, string> = {},
  at: Date = new Date(),
) {
  return evaluationLogsRequest(
    results.map((r) => evaluationRecord(evaluationAttributes(r), at)),
    resource,
  )
}
