import { describe, expect, it } from 'vitest'
import { evaluationResultsRequest, otlpAttribute } from './otlp-evaluation'

describe('OTLP JSON for gen_ai.evaluation.result events', () => {
  it('names the event and maps each field to its semantic-convention attribute', () => {
    const body = evaluationResultsRequest(
      [
        {
          name: 'faithfulness',
          scoreValue: 0.75,
          scoreLabel: 'pass',
          requestModel: 'm',
          version: 'v2',
          route: 'r',
        },
      ],
      { 'service.name': 'evaluator' },
      new Date('2026-12-01T00:00:00Z'),
    )
    const rl = body.resourceLogs[0]!
    expect(rl.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'evaluator' } }])
    const rec = rl.scopeLogs[0]!.logRecords[0]!
    expect(rec.eventName).toBe('gen_ai.evaluation.result')
    expect(rec.timeUnixNano).toBe('1796083200000000000')
    expect(rec.attributes).toEqual([
      { key: 'gen_ai.evaluation.name', value: { stringValue: 'faithfulness' } },
      { key: 'gen_ai.evaluation.score.value', value: { doubleValue: 0.75 } },
      { key: 'gen_ai.evaluation.score.label', value: { stringValue: 'pass' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'm' } },
      { key: 'aire.model.version', value: { stringValue: 'v2' } },
      { key: 'aire.route.name', value: { stringValue: 'r' } },
    ])
  })

  it('spells NaN and infinities as protobuf JSON does (a JSON number cannot hold them)', () => {
    expect(otlpAttribute('s', NaN).value).toEqual({ doubleValue: 'NaN' })
    expect(otlpAttribute('s', -Infinity).value).toEqual({ doubleValue: '-Infinity' })
    expect(JSON.stringify(otlpAttribute('s', Infinity))).toContain('"Infinity"')
  })
})
