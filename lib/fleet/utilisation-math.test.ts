import { describe, expect, it } from 'vitest'
import {
  IDLE_UTILISATION,
  UTILISATION_QUERIES,
  fingerprint,
  isAllocatedButIdle,
  nodeKeyOf,
  parseUtilisation,
  type Sample,
} from './utilisation-math'

const s = (metric: Record<string, string>, value: number): Sample => ({ metric, value })

describe('GPU utilisation from dcgm-exporter', () => {
  it('asks per cluster and node, under both host label spellings, over a 10-minute window', () => {
    for (const q of Object.values(UTILISATION_QUERIES)) {
      expect(q).toContain('DCGM_FI_DEV_GPU_UTIL')
      expect(q).toMatch(/by \(cluster, Hostname, hostname\)/)
    }
    expect(UTILISATION_QUERIES.held).toContain('{pod!=""}[10m]')
    expect(UTILISATION_QUERIES.peak).toContain('max_over_time')
  })

  it('keys series by cluster and node, reading Hostname (3.x) or hostname (4.x)', () => {
    const clusters = ['east', 'west']
    expect(nodeKeyOf({ cluster: 'east', Hostname: 'n1' }, clusters)).toBe('east/n1')
    expect(nodeKeyOf({ cluster: 'west', hostname: 'n2' }, clusters)).toBe('west/n2')
    // A series of a cluster the console does not read, or with no host, is dropped.
    expect(nodeKeyOf({ cluster: 'elsewhere', Hostname: 'n1' }, clusters)).toBeNull()
    expect(nodeKeyOf({ cluster: 'east' }, clusters)).toBeNull()
    // No cluster label: only placeable when the console has a single cluster.
    expect(nodeKeyOf({ Hostname: 'n1' }, clusters)).toBeNull()
    expect(nodeKeyOf({ Hostname: 'n1' }, ['east'])).toBe('east/n1')
  })

  it('turns percents into 0..1 and joins the three answers per node', () => {
    const m = parseUtilisation(
      {
        now: [s({ cluster: 'east', Hostname: 'n1' }, 42), s({ cluster: 'east', Hostname: 'n2' }, 120)],
        held: [s({ cluster: 'east', Hostname: 'n1' }, 3)],
        peak: [s({ cluster: 'east', Hostname: 'n1' }, 50), s({ cluster: 'east', Hostname: 'gone' }, 9)],
      },
      ['east'],
    )
    expect(Object.fromEntries(m)).toEqual({
      'east/n1': { now: 0.42, held: 0.03, peak: 0.5 },
      'east/n2': { now: 1, held: null, peak: null },
    })
  })

  it('flags allocated-but-idle from the held GPUs, or the busiest GPU without pod mapping', () => {
    expect(IDLE_UTILISATION).toBe(0.05)
    // Held GPUs at 3 % while a free GPU elsewhere on the node is busy: idle.
    expect(isAllocatedButIdle(2, { now: 0.4, held: 0.03, peak: 0.9 })).toBe(true)
    expect(isAllocatedButIdle(2, { now: 0.01, held: 0.3, peak: 0.3 })).toBe(false)
    // Without pod mapping a node average would call 1 busy GPU of 8 idle; the peak does not.
    expect(isAllocatedButIdle(1, { now: 0.04, held: null, peak: 0.32 })).toBe(false)
    expect(isAllocatedButIdle(1, { now: 0.01, held: null, peak: 0.02 })).toBe(true)
    // Nothing allocated, or nothing known: never flagged.
    expect(isAllocatedButIdle(0, { now: 0, held: null, peak: 0 })).toBe(false)
    expect(isAllocatedButIdle(3, undefined)).toBe(false)
  })

  it('changes its fingerprint when a shown percent or the idle side changes, not on noise', () => {
    const fp = (held: number) => fingerprint(new Map([['east/n1', { now: 0.5, held, peak: 0.6 }]]))
    expect(fp(0.301)).toBe(fp(0.302))
    expect(fp(0.3)).not.toBe(fp(0.31))
    expect(fp(0.049)).not.toBe(fp(0.0501))
  })
})
