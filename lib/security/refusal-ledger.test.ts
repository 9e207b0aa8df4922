import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OTHER_SOURCES, RefusalLedger, type RefusalRow } from './refusal-ledger'

function ledger(opts: { perSourcePerMinute?: number; maxSources?: number } = {}) {
  let t = Date.UTC(2026, 11, 6, 12, 0, 0)
  const rows: RefusalRow[] = []
  const l = new RefusalLedger(
    (r) => {
      rows.push(r)
    },
    { ...opts, now: () => t },
  )
  return {
    l,
    rows,
    advance: (ms: number) => {
      t += ms
    },
  }
}

describe('refusal ledger', () => {
  it("a minute's first refusal is a row at once; the rest of the minute is one summary row with their count", () => {
    const { l, rows, advance } = ledger()
    l.note('10.0.0.1', 'unauthenticated', 'no session')
    expect(rows).toHaveLength(1)
    for (let i = 0; i < 9_999; i++) l.note('10.0.0.1', 'unauthenticated', 'no session')
    expect(rows).toHaveLength(1)
    advance(60_000)
    l.note('10.0.0.1', 'unauthenticated', 'no session')
    expect(rows.map((r) => r.count)).toEqual([1, 9_999, 1])
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(10_001)
  })

  it('limits a source after its allowance for the rest of the minute, and lets it in again the next', () => {
    const { l, advance } = ledger({ perSourcePerMinute: 3 })
    const limited = Array.from({ length: 5 }, () => l.note('a', 'bad_origin', 'x').limited)
    expect(limited).toEqual([false, false, false, true, true])
    expect(l.limited('a')).toBe(true)
    expect(l.limited('b')).toBe(false)
    advance(60_000)
    expect(l.limited('a')).toBe(false)
  })

  it('rows stay bounded whatever the sources and kinds: forged sources beyond the cap share one bucket', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            source: fc.string({ maxLength: 8 }),
            kind: fc.constantFrom('bad_origin', 'unauthenticated', 'bad_action', 'rate_limited' as const),
            gap: fc.integer({ min: 0, max: 2_000 }),
          }),
          { maxLength: 2_000 },
        ),
        (events) => {
          const { l, rows, advance } = ledger({ maxSources: 20 })
          const start = Date.UTC(2026, 11, 6, 12, 0, 0)
          let at = start
          for (const e of events) {
            advance(e.gap)
            at += e.gap
            l.note(e.source, e.kind, 'r')
          }
          l.flush()
          const minutes = Math.floor((at - start) / 60_000) + 1
          // ≤ 2 rows per (source, kind) a minute, ≤ 21 sources (20 + the shared bucket), 4 kinds.
          expect(rows.length).toBeLessThanOrEqual(minutes * 21 * 4 * 2)
          expect(rows.reduce((n, r) => n + r.count, 0)).toBe(events.length)
          expect(new Set(rows.map((r) => r.source)).size).toBeLessThanOrEqual(21 * minutes)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('the 21st source of a minute is written as "other sources"', () => {
    const { l, rows } = ledger({ maxSources: 20 })
    for (let i = 0; i < 25; i++) l.note(`10.0.0.${i}`, 'bad_action', 'x')
    expect(rows.filter((r) => r.source === OTHER_SOURCES)).toHaveLength(1)
    expect(rows).toHaveLength(21)
  })
})
