import { describe, expect, it } from 'vitest'
import { sloInputSchema } from './slo'

const base = {
  name: 'search relevance',
  team: 'search',
  sliKind: 'quality',
  targetKind: 'model',
  model: 'llama-3-1-8b',
  objectivePercent: '99',
  windowDays: '30',
}

const errorsOf = (input: Record<string, unknown>) => {
  const r = sloInputSchema.safeParse({ ...base, ...input })
  return r.success ? {} : r.error.flatten().fieldErrors
}

describe('SLO form: quality over OpenTelemetry evaluation results', () => {
  it('takes the evaluation name as the Collector labels it (lower case, blanks as _)', () => {
    const r = sloInputSchema.parse({
      ...base,
      qualitySource: 'evaluation_label',
      evaluationName: '  Answer Relevancy ',
    })
    expect(r.evaluationName).toBe('answer_relevancy')
  })

  it('asks for the evaluation name of an evaluation source', () => {
    expect(errorsOf({ qualitySource: 'evaluation_label', evaluationName: '' })).toHaveProperty(
      'evaluationName',
    )
  })

  it('refuses a name the Collector would drop (too long, or characters outside its pattern)', () => {
    expect(errorsOf({ qualitySource: 'evaluation_label', evaluationName: 'x'.repeat(65) })).toHaveProperty(
      'evaluationName',
    )
    expect(errorsOf({ qualitySource: 'evaluation_label', evaluationName: 'toxicity{a="b"}' })).toHaveProperty(
      'evaluationName',
    )
  })

  it('a score SLI needs a threshold, and only one of the Collector’s score steps', () => {
    const score = { qualitySource: 'evaluation_score', evaluationName: 'relevance' }
    expect(errorsOf(score)).toHaveProperty('scoreThreshold')
    expect(errorsOf({ ...score, scoreThreshold: '0.42' }).scoreThreshold?.[0]).toMatch(/one of 0, 0.1/)
    expect(errorsOf({ ...score, scoreThreshold: '0.8' })).toEqual({})
  })

  it('the legacy source and forms without one need neither name nor threshold', () => {
    expect(errorsOf({ qualitySource: 'legacy' })).toEqual({})
    expect(errorsOf({})).toEqual({})
  })
})
