/**
 * The one way the console writes an instant for people: relative ("in 14 h", "3 min ago") with the
 * absolute time for a tooltip. Pure, so server and client render the same text.
 */

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

function span(ms: number): string {
  if (ms < 45_000) return `${Math.max(1, Math.round(ms / 1000))} s`
  if (ms < 90 * MIN) return `${Math.round(ms / MIN)} min`
  if (ms < 36 * HOUR) return `${Math.round(ms / HOUR)} h`
  return `${Math.round(ms / DAY)} d`
}

/** "just now", "3 min ago", "in 14 h"; "unknown" for a missing or unparseable instant. */
export function relativeTime(at: Date | string | number | null | undefined, now = Date.now()): string {
  if (at === null || at === undefined) return 'unknown'
  const t = new Date(at).getTime()
  if (!Number.isFinite(t)) return 'unknown'
  const d = t - now
  if (Math.abs(d) < 5_000) return 'just now'
  return d > 0 ? `in ${span(d)}` : `${span(-d)} ago`
}

/**
 * One formatter per zone: building an Intl.DateTimeFormat loads ICU data and costs far more than
 * formatting with it, and a page such as the audit log writes hundreds of instants per render.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** "2026-12-06 02:52:32 UTC" (server) or the viewer's local time when a zone is given. */
export function absoluteTime(at: Date | string | number, timeZone = 'UTC'): string {
  const t = new Date(at)
  if (!Number.isFinite(t.getTime())) return 'unknown'
  const parts = formatterFor(timeZone).formatToParts(t)
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? ''
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${p('timeZoneName')}`
}
