'use client'
import { useQuery } from '@tanstack/react-query'
import { SloBadges } from '@/components/slo/slo-badges'
import type { SloBadgeInfo, SloStates } from '@/lib/slo/summary'
import { fetchJson } from './live'

/** SLO states change with burn rates, not with cluster objects: polled on their own, slowly. */
const SLO_POLL_MS = 30_000

/**
 * SLO states per model and route, shared by every badge on the page (one request). `initial` is what
 * the server had; null when its evaluation was not ready in time, and then it is fetched at once.
 */
export function useSloStates(initial: SloStates | null, enabled = true) {
  return useQuery({
    queryKey: ['slo', 'states'],
    queryFn: () => fetchJson<SloStates>('/api/fleet/slos'),
    initialData: initial ?? undefined,
    staleTime: SLO_POLL_MS,
    refetchInterval: SLO_POLL_MS,
    enabled,
  })
}

/** The SLO badge with a word saying what it is: beside rollout badges, "ok" alone is ambiguous. */
export function LabelledSloBadges({ info }: { info: SloBadgeInfo | undefined }) {
  if (!info || info.slos.length === 0) return null
  return (
    <span>
      <span className="muted">SLO</span> <SloBadges info={info} />
    </span>
  )
}

/**
 * A route's SLO badge on the server-rendered Routes page: as rendered when the server had the
 * states, else fetched in the browser (a cold SLO evaluation must not hold the routes up).
 */
export function RouteSloBadges({
  route,
  info,
  ready,
}: {
  route: string
  info?: SloBadgeInfo
  ready: boolean
}) {
  const { data } = useSloStates(null, !ready)
  return <LabelledSloBadges info={ready ? info : data?.byRoute[route]} />
}
