import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLimiter, limitersPerModel } from './limiter'

describe('probe limiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** A task that takes `ms` and records when it started. */
  const slow = (starts: number[], ms: number, inFlight: { now: number; max: number }) => () => {
    starts.push(Date.now())
    inFlight.now++
    inFlight.max = Math.max(inFlight.max, inFlight.now)
    return new Promise<void>((r) =>
      setTimeout(() => {
        inFlight.now--
        r()
      }, ms),
    )
  }

  it('never runs more than `concurrency` probes at once', async () => {
    const l = createLimiter({ concurrency: 3, ratePerSecond: 1000 })
    const starts: number[] = []
    const inFlight = { now: 0, max: 0 }
    const all = Promise.all(Array.from({ length: 12 }, () => l.run(slow(starts, 500, inFlight))))
    await vi.advanceTimersByTimeAsync(10_000)
    await all
    expect(starts).toHaveLength(12)
    expect(inFlight.max).toBe(3)
    // 12 probes of 500 ms, 3 at a time: four waves
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(1500)
  })

  it('starts at most `ratePerSecond` probes per second, even when they finish at once', async () => {
    const l = createLimiter({ concurrency: 100, ratePerSecond: 5 })
    const starts: number[] = []
    const inFlight = { now: 0, max: 0 }
    const all = Promise.all(Array.from({ length: 20 }, () => l.run(slow(starts, 1, inFlight))))
    await vi.advanceTimersByTimeAsync(10_000)
    await all
    expect(starts).toHaveLength(20)
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(200)
    // 20 starts at 5/s: the last one 3.8 s after the first
    expect(starts.at(-1)! - starts[0]!).toBe(3800)
    expect(starts.filter((t) => t < 1000)).toHaveLength(5)
  })

  it('bounds each model on its own: a slow model does not hold back another', async () => {
    const per = limitersPerModel({ concurrency: 1, ratePerSecond: 100 })
    const a: number[] = []
    const b: number[] = []
    const fa = { now: 0, max: 0 }
    const fb = { now: 0, max: 0 }
    const all = Promise.all([
      ...Array.from({ length: 3 }, () => per('slow').run(slow(a, 5_000, fa))),
      ...Array.from({ length: 3 }, () => per('fast').run(slow(b, 10, fb))),
    ])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(b).toHaveLength(3)
    expect(a).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(20_000)
    await all
    expect(per('slow')).toBe(per('slow'))
  })

  it('a failing probe frees its slot and rejects only its own caller', async () => {
    const l = createLimiter({ concurrency: 1, ratePerSecond: 1000 })
    const bad = l.run(() => Promise.reject(new Error('boom')))
    const badSeen = expect(bad).rejects.toThrow('boom')
    const good = l.run(() => Promise.resolve(7))
    await vi.advanceTimersByTimeAsync(100)
    await badSeen
    await expect(good).resolves.toBe(7)
    expect(l.active()).toBe(0)
  })
})
