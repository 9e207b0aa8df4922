import { describe, expect, it } from 'vitest'
import { rowWindow } from './use-row-window'

describe('rowWindow', () => {
  it('renders the rows in view plus overscan, spacers for the rest', () => {
    // 10,000 rows of 37 px, scrolled to row 1000, 740 px tall: rows 1000..1020 in view
    const w = rowWindow(10_000, 37, 37_000, 740, 15)
    expect(w).toEqual({ start: 985, end: 1035, top: 985 * 37, bottom: (10_000 - 1035) * 37 })
    // rendered + spacers always add up to the full height, so the scrollbar never jumps
    expect(w.top + (w.end - w.start) * 37 + w.bottom).toBe(10_000 * 37)
  })

  it('clamps at both ends and for short or empty lists', () => {
    expect(rowWindow(10_000, 37, 0, 740, 15)).toMatchObject({ start: 0, end: 35, top: 0 })
    expect(rowWindow(10_000, 37, 10_000 * 37, 740, 15)).toMatchObject({ end: 10_000, bottom: 0 })
    expect(rowWindow(5, 37, 0, 740, 15)).toEqual({ start: 0, end: 5, top: 0, bottom: 0 })
    expect(rowWindow(0, 37, 0, 740, 15)).toEqual({ start: 0, end: 0, top: 0, bottom: 0 })
    // scrolled past the end after a filter shrank the list
    expect(rowWindow(3, 37, 50_000, 740, 15)).toEqual({ start: 3, end: 3, top: 111, bottom: 0 })
  })
})
