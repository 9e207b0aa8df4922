'use client'

import { useEffect, useState } from 'react'
import { absoluteTime, relativeTime } from '@/lib/format/time'

/**
 * An instant as people read it: relative text, the absolute time on hover. The server renders the
 * UTC title; once in the browser the title switches to the viewer's own zone and the text keeps up.
 */
export function RelTime({ at, prefix }: { at: string | Date; prefix?: string }) {
  const t = new Date(at).getTime()
  const iso = Number.isFinite(t) ? new Date(t).toISOString() : ''
  const [view, setView] = useState<{ text: string; title: string }>(() => ({
    text: relativeTime(iso),
    title: absoluteTime(iso),
  }))
  useEffect(() => {
    if (!iso) return
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    const tick = () => setView({ text: relativeTime(iso), title: absoluteTime(iso, zone) })
    tick()
    const timer = setInterval(tick, 30_000)
    return () => clearInterval(timer)
  }, [iso])
  if (!iso) return <span>unknown</span>
  return (
    <time dateTime={iso} title={view.title} suppressHydrationWarning>
      {prefix ? `${prefix} ` : ''}
      {view.text}
    </time>
  )
}
