import Link from 'next/link'
import { RANGES, type RangeKey } from '@/lib/slo/range'

/** Time range links; the range lives in the URL so a view can be shared. */
export function RangePicker({
  base,
  current,
  windowDays,
}: {
  base: string
  current: RangeKey
  windowDays: number
}) {
  const keys = (Object.keys(RANGES) as RangeKey[]).filter((k) => k !== (windowDays === 28 ? '30d' : '28d'))
  const sep = base.includes('?') ? '&' : '?'
  return (
    <nav className="chips" aria-label="Time range">
      {keys.map((k) => (
        <Link
          key={k}
          href={`${base}${sep}range=${k}`}
          className="btn"
          aria-current={k === current ? 'page' : undefined}
        >
          {k}
        </Link>
      ))}
    </nav>
  )
}
