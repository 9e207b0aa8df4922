import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DROP_REASONS, EVALUATION_LABELS, EVALUATION_NAME_PATTERN, SCORE_STEPS } from '@/lib/metrics/contract'

// The SLO templates build their matchers from lib/metrics/contract.ts; the Collector makes the
// label values from dev/otelcol/config.yaml. A step or word in one and not the other is a score
// SLI that never counts an event, or a label that is always dropped.
const config = readFileSync('dev/otelcol/config.yaml', 'utf8')

describe('evaluation Collector config agrees with the metric contract', () => {
  it('sets score_ge to exactly the score steps the score SLI can pick', () => {
    const steps = [
      ...config.matchAll(/set\(log\.attributes\["score_ge"\], "([^"]+)"\) where .* >= ([\d.]+)\n/g),
    ]
    expect(steps.map((m) => Number(m[1]))).toEqual([...SCORE_STEPS])
    expect(steps.every((m) => Number(m[1]) === Number(m[2]))).toBe(true)
  })

  it('accepts exactly the label vocabulary and drops with exactly the documented reasons', () => {
    const vocabulary = /IsMatch\(log\.attributes\["label"\], "\^\(([^)]+)\)\$"\)/.exec(config)?.[1]
    expect(vocabulary?.split('|')).toEqual([...EVALUATION_LABELS])
    const reasons = new Set(
      [...config.matchAll(/set\(log\.attributes\["reason"\], "([a-z_]+)"\)/g)].map((m) => m[1]),
    )
    expect([...reasons].sort()).toEqual([...DROP_REASONS].sort())
  })

  it('checks evaluation names with the pattern the SLO form validates', () => {
    expect(config).toContain(`IsMatch(log.attributes["evaluation"], "${EVALUATION_NAME_PATTERN.source}")`)
  })
})
