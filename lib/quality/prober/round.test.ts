import { describe, expect, it } from 'vitest'
import { compileCheck } from '@/lib/quality/golden/checks'
import { createLimiter } from './limiter'
import type { EvaluationEvent } from './otlp'
import { runRound, type ProbeAnswer, type ProbeSet } from './round'
import type { ProbeTarget } from './target'

const target = (version: string): ProbeTarget => ({
  key: `c/ns/m-${version}`,
  cluster: 'c',
  namespace: 'ns',
  pool: `m-${version}`,
  version,
  model: 'm',
  requestModel: 'org/M',
  url: `http://x/${version}/v1/chat/completions`,
  headers: {},
  via: 'service',
  route: null,
})

const set: ProbeSet = {
  id: 's1',
  name: 'basics',
  model: 'm',
  revision: 2,
  prompts: Array.from({ length: 8 }, (_, i) => ({
    position: i,
    prompt: `What is ${i} + 1?`,
    check: compileCheck({ kind: 'numeric', expected: i + 1, tolerance: 0 }),
  })),
}

describe('probe round', () => {
  it('probes every prompt on every version separately and labels pass, fail, timeout and error', async () => {
    const events: EvaluationEvent[] = []
    let t = 1000
    const answers: Record<string, (i: number) => ProbeAnswer> = {
      v1: (i) => ({ kind: 'answer', content: String(i + 1), responseId: `r${i}` }),
      v2: (i) =>
        i === 0
          ? { kind: 'timeout' }
          : i === 1
            ? { kind: 'error', message: 'HTTP 503' }
            : {
                kind: 'answer',
                content: `The answer is ${i + 2}. Email me at a@b.example`,
                responseId: `q${i}`,
              },
    }
    const r = await runRound([set], {
      targetsFor: async () => [target('v1'), target('v2')],
      ask: async (tg, prompt) => answers[tg.version]!(Number(/What is (\d+)/.exec(prompt)![1])),
      limiterFor: () => createLimiter({ concurrency: 2, ratePerSecond: 1e6 }),
      emit: (e) => events.push(...e),
      now: () => t++,
    })
    expect(r.probes).toBe(16)
    expect(r.summaries.map((s) => [s.target.version, s.passed, s.failed, s.timedOut, s.errored])).toEqual([
      ['v1', 8, 0, 0, 0],
      ['v2', 0, 6, 1, 1],
    ])
    expect(r.summaries[1]!.lastError).toBe('HTTP 503')
    expect(events).toHaveLength(16)
    expect(events.filter((e) => e.version === 'v1').every((e) => e.label === 'pass')).toBe(true)
    expect(events.find((e) => e.version === 'v2' && e.promptIndex === 0)).toMatchObject({
      label: 'timeout',
      responseId: null,
      evaluationName: 'basics',
      requestModel: 'org/M',
    })
    // at most five failing answers per version, the newest, redacted
    expect(r.failures).toHaveLength(5)
    expect(r.failures.every((f) => f.version === 'v2')).toBe(true)
    const newest = [...r.failures].sort((a, b) => b.at - a.at)
    expect(r.failures).toEqual(newest)
    const failed = r.failures.find((f) => f.label === 'fail')!
    expect(failed.answer).toContain('[email]')
    expect(failed.reason).toMatch(/^expected \d+ ± 0, read \d+$/)
  })

  it('a set whose versions cannot be listed is reported and the others still run', async () => {
    const other = { ...set, id: 's2', name: 'other' }
    const r = await runRound([set, other], {
      targetsFor: async (s) => {
        if (s.id === 's1') throw new Error('watch cache not synced')
        return [target('v1')]
      },
      ask: async () => ({ kind: 'answer', content: '1', responseId: null }),
      limiterFor: () => createLimiter({ concurrency: 4, ratePerSecond: 1e6 }),
      emit: () => undefined,
      now: () => 0,
    })
    expect(r.unresolved).toEqual([{ setId: 's1', error: 'watch cache not synced' }])
    expect(r.summaries.map((s) => s.setId)).toEqual(['s2'])
  })
})
