/**
 * The prober's results as OpenTelemetry GenAI evaluation events: one log record per probe with
 * event name `gen_ai.evaluation.result`, in the OTLP/HTTP JSON encoding (POST {endpoint}/v1/logs).
 * Pure. No prompt or answer text leaves the console: only the names, labels and ids below.
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-events/ (gen_ai.evaluation.result)
 * @see https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */

import { evaluationAttributes, GEN_AI_EVALUATION, type OtlpKeyValue } from '@/lib/quality/otlp-evaluation'

export const EVALUATION_EVENT = GEN_AI_EVALUATION.event

export type ProbeLabel = 'pass' | 'fail' | 'timeout' | 'error'

export interface EvaluationEvent {
  /** the golden set's name */
  evaluationName: string
  label: ProbeLabel
  timeMs: number
  /** the answer's `id`, when there was an answer */
  responseId: string | null
  /** the `model` the request named (vLLM's served model name) */
  requestModel: string
  version: string
  namespace: string
  /** the HTTPRoute sending users to this version at probe time (target.ts servingRoute), or null */
  route: string | null
  cluster: string
  pool: string
  /** the prompt's position in its set: which prompt, without its text */
  promptIndex: number
}

export type KeyValue = OtlpKeyValue

export interface OtlpLogRecord {
  timeUnixNano: string
  observedTimeUnixNano: string
  severityNumber: number
  severityText: string
  eventName: string
  body: { stringValue: string }
  attributes: KeyValue[]
}

export interface OtlpResource {
  serviceName: string
  serviceInstanceId: string
  serviceVersion?: string
}

const str = (key: string, v: string): KeyValue => ({ key, value: { stringValue: v } })
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`

export function evaluationRecord(e: EvaluationEvent, observedMs = e.timeMs): OtlpLogRecord {
  const attributes: KeyValue[] = [
    // Receivers older than OTLP 1.5 read the event name from this attribute, not eventName.
    str('event.name', EVALUATION_EVENT),
    // The convention's attributes, named in one place for evaluators, the prober and the tests.
    ...evaluationAttributes({
      name: e.evaluationName,
      scoreValue: e.label === 'pass' ? 1 : 0,
      scoreLabel: e.label,
      requestModel: e.requestModel,
      version: e.version,
      namespace: e.namespace,
      cluster: e.cluster,
      ...(e.route ? { route: e.route } : {}),
      ...(e.responseId ? { responseId: e.responseId } : {}),
    }),
    str('aire.inference_pool.name', e.pool),
    { key: 'aire.golden.prompt_index', value: { intValue: String(e.promptIndex) } },
  ]
  return {
    timeUnixNano: nanos(e.timeMs),
    observedTimeUnixNano: nanos(observedMs),
    // INFO for a pass, WARN for anything else
    severityNumber: e.label === 'pass' ? 9 : 13,
    severityText: e.label === 'pass' ? 'INFO' : 'WARN',
    eventName: EVALUATION_EVENT,
    body: { stringValue: `${e.evaluationName} ${e.label}` },
    attributes,
  }
}

export function otlpLogsBody(records: readonly OtlpLogRecord[], resource: OtlpResource) {
  const attributes = [
    str('service.name', resource.serviceName),
    str('service.instance.id', resource.serviceInstanceId),
    ...(resource.serviceVersion ? [str('service.version', resource.serviceVersion)] : []),
  ]
  return {
    resourceLogs: [
      {
        resource: { attributes },
        scopeLogs: [{ scope: { name: 'aire.golden_prober', version: '1' }, logRecords: records }],
      },
    ],
  }
}
