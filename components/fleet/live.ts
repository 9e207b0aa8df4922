'use client'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import type { ClusterStatus } from '@/lib/k8s/watch/types'

export interface FleetVersion {
  version: number
  gpus: number
  models: number
  clusters: ClusterStatus[]
}

const POLL_MS = 1000

/** The watch cache's versions, polled every second (a few hundred bytes). */
export function useFleetVersionQuery() {
  return useQuery({
    queryKey: ['fleet', 'version'],
    queryFn: async (): Promise<FleetVersion> => {
      const res = await fetch('/api/fleet/version', { cache: 'no-store' })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return (await res.json()) as FleetVersion
    },
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  })
}

/**
 * Refetches (same query key, so react-query's structural sharing keeps unchanged rows identical
 * and memoised rows skip rendering) each time the scope's live version moves. `dataVersion` is the
 * version the data was computed from: if the first poll already differs, the data is refetched once.
 */
export function useLiveRefetch(
  scope: 'gpus' | 'models',
  dataVersion: number | undefined,
  refetch: () => unknown,
) {
  const { data } = useFleetVersionQuery()
  const live = data?.[scope]
  const last = useRef<number | null>(null)
  useEffect(() => {
    if (live === undefined) return
    if (last.current === null) {
      last.current = live
      if (dataVersion !== undefined && dataVersion !== live) void refetch()
      return
    }
    if (live !== last.current) {
      last.current = live
      void refetch()
    }
  }, [live, dataVersion, refetch])
}

/** JSON from a fleet endpoint; errors carry the server's one-sentence message. */
export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: 'no-store' })
  const body = (await res.json().catch(() => null)) as (T & { error?: string }) | null
  if (!res.ok || !body) throw new Error(body?.error ?? `HTTP ${res.status}`)
  return body
}

/**
 * Updates the query string without a server round trip: Next.js syncs useSearchParams with
 * native history calls, so filters stay shareable links while only the data endpoint is asked.
 */
export function setUrlParams(next: URLSearchParams, mode: 'push' | 'replace' = 'replace') {
  const qs = next.toString()
  const url = `${window.location.pathname}${qs ? `?${qs}` : ''}`
  if (mode === 'push') window.history.pushState(null, '', url)
  else window.history.replaceState(null, '', url)
}
