import { RelTime } from '@/components/ui/rel-time'
import { STATE_CLASS, STATE_TEXT, utcText } from '@/lib/slo/format'
import type { SloState } from '@/lib/slo/burn-rate'

/**
 * An SLO's state. `noDataSince`: its events stopped arriving then (an evaluator or Collector down),
 * so the badge says since when instead of a bare "no data".
 */
export function SloStateBadge({
  state,
  title,
  noDataSince,
}: {
  state: SloState
  title?: string
  noDataSince?: string | null
}) {
  return (
    <span className={`badge ${STATE_CLASS[state] ?? ''}`} data-slo-state={state} title={title}>
      {STATE_TEXT[state] ?? state}
      {state === 'no_data' && noDataSince ? (
        <span data-testid="no-data-since" data-value={noDataSince}>
          {' '}
          since {utcText(noDataSince, false)} UTC, <RelTime at={noDataSince} />
        </span>
      ) : null}
    </span>
  )
}
