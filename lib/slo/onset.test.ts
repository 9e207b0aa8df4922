import { describe, expect, it } from 'vitest'
import type { BurnChart } from './history'
import { onsetOf } from './onset'
import type { SloStatus } from './status'

const t0 = 1_800_000_000
const chart = (burns5m: number[]): BurnChart => ({
  start: t0,
  end: t0 + (burns5m.length - 1) * 60,
  step: 60,
  windows: ['5m', '1h'],
  points: burns5m.map((b, i) => ({ t: t0 + i * 60, budget: 1, burns: { '5m': b, '1h': b / 4 } })),
})
const paging = (atSeconds: number, burn5m: number): SloStatus => ({
  id: 's',
  at: new Date(atSeconds * 1000).toISOString(),
  state: 'page',
  burns: { '5m': burn5m, '30m': 10, '1h': 15, '2h': 8, '6h': 3, '1d': 1, '3d': 0.5 },
  windowErrorRatio: 0.001,
  budgetRemaining: 0.9,
  currentBurn: 15,
  exhaustion: null,
  firing: [{ severity: 'page', long: '1h', short: '5m', factor: 14.4 }],
  error: null,
  noDataSince: null,
})

describe('onsetOf', () => {
  it('starts where the chart’s 5m burn rose above 1 before crossing the page factor', () => {
    const onset = onsetOf(chart([0.2, 0.3, 4, 12, 20, 22]), paging(t0 + 5 * 60 + 30, 22), 30)
    expect(onset?.getTime()).toBe((t0 + 2 * 60) * 1000)
  })

  // The chart's grid ends on the last whole minute; a burn that began paging within that minute is
  // only in the status. Opening triage right after the page must still show when it began.
  it('uses the status’ current burn when the page fired after the chart’s last point', () => {
    const onset = onsetOf(chart([0.2, 0.3, 0.4, 3, 9]), paging(t0 + 4 * 60 + 40, 18), 30)
    expect(onset?.getTime()).toBe((t0 + 3 * 60) * 1000)
  })

  it('is null when neither the chart nor the status ever burned above the factor', () => {
    const ok: SloStatus = { ...paging(t0 + 300, 0.5), state: 'ok', firing: [] }
    expect(onsetOf(chart([0.2, 0.3, 0.4]), ok, 30)).toBeNull()
  })
})
