import Link from 'next/link'
import type { SloBadgeInfo } from '@/lib/slo/summary'
import { SloStateBadge } from './state-badge'

/** The worst SLO state of a model or route, linking to its SLOs (Models and Routes pages). */
export function SloBadges({ info }: { info: SloBadgeInfo | undefined }) {
  if (!info || info.slos.length === 0) return null
  const burning = info.slos.filter((s) => s.state === 'page' || s.state === 'ticket')
  const first = burning[0] ?? info.slos[0]!
  const href = burning.length > 0 ? `/triage/${first.id}` : `/slos/${first.id}`
  return (
    <Link
      href={href}
      title={info.slos.map((s) => `${s.name}: ${s.state}`).join('\n')}
      data-testid="slo-badge"
    >
      <SloStateBadge state={info.state} />{' '}
      {info.slos.length > 1 ? <span className="muted">{info.slos.length} SLOs</span> : null}
    </Link>
  )
}
