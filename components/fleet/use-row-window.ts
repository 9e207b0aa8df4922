'use client'
import { useEffect, useState, type RefObject } from 'react'

export interface RowWindow {
  /** First and one-past-last row index to render. */
  start: number
  end: number
  /** Heights of the spacers standing in for the rows above and below. */
  top: number
  bottom: number
}

/**
 * Which rows of a fixed-row-height list are in view of a scrolling element, plus overscan. Ours
 * instead of a general virtualiser: every row is one height, and this is ~1 kB of first-load JS
 * where @tanstack/react-virtual was ~10 kB gzip, over the GPUs page's budget.
 *
 * @param headerHeight space above the first row inside the scroller (a sticky table header)
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  { overscan = 15, headerHeight = 0 }: { overscan?: number; headerHeight?: number } = {},
): RowWindow {
  const [view, setView] = useState({ top: 0, height: 900 })
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    let frame = 0
    const read = () => {
      frame = 0
      setView((v) =>
        v.top === el.scrollTop && v.height === el.clientHeight
          ? v
          : { top: el.scrollTop, height: el.clientHeight },
      )
    }
    // One state update per animation frame, however fast the wheel events come.
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(read)
    }
    read()
    el.addEventListener('scroll', onScroll, { passive: true })
    const resize = new ResizeObserver(onScroll)
    resize.observe(el)
    return () => {
      el.removeEventListener('scroll', onScroll)
      resize.disconnect()
      if (frame) cancelAnimationFrame(frame)
    }
  }, [scroller])
  return rowWindow(count, rowHeight, view.top - headerHeight, view.height, overscan)
}

/** Pure part of useRowWindow, for tests. */
export function rowWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewHeight: number,
  overscan: number,
): RowWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight))
  const last = Math.ceil((scrollTop + viewHeight) / rowHeight)
  const start = Math.min(count, Math.max(0, first - overscan))
  const end = Math.min(count, Math.max(start, last + overscan))
  return { start, end, top: start * rowHeight, bottom: (count - end) * rowHeight }
}
