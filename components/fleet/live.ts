'use client'
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
// Type only (erased): the stream's payload type lives with the server code that sends it.
import type { FleetVersion } from '@/lib/fleet/version-stream'

const POLL_MS = 1000
const KEY = ['fleet', 'version'] as const

/**
 * One EventSource per tab, shared by every component that watches the fleet (reference-counted);
 * each event lands in react-query's cache under KEY. `failed` tells the hooks to fall back to
 * polling, for a network path that will not keep a stream open.
 */
const stream: { source: EventSource | null; users: number; failed: boolean; listeners: Set<() => void> } = {
  source: null,
  users: 0,
  failed: false,
  listeners: new Set(),
}

function openStream(qc: QueryClient) {
  if (stream.source || stream.failed || typeof EventSource === 'undefined') return
  const source = new EventSource('/api/fleet/events')
  source.onmessage = (e: MessageEvent<string>) => {
    qc.setQueryData(KEY, JSON.parse(e.data) as FleetVersion)
  }
  source.onerror = () => {
    // CONNECTING: the browser retries by itself (the server ends streams every few minutes).
    // CLOSED: refused (e.g. 401/503) or not a stream: poll instead.
    if (source.readyState === EventSource.CLOSED) {
      stream.failed = true
      stream.source = null
      for (const l of stream.listeners) l()
    }
  }
  stream.source = source
}

/**
 * The watch cache's versions: pushed by the server as they change (server-sent events), polled
 * every second only if the stream cannot be held open.
 */
export function useFleetVersionQuery() {
  const qc = useQueryClient()
  const [polling, setPolling] = useState(stream.failed)
  useEffect(() => {
    const onFail = () => setPolling(true)
    stream.listeners.add(onFail)
    stream.users++
    openStream(qc)
    return () => {
      stream.listeners.delete(onFail)
      if (--stream.users === 0) {
        stream.source?.close()
        stream.source = null
      }
    }
  }, [qc])
  return useQuery({
    queryKey: KEY,
    queryFn: async (): Promise<FleetVersion> => {
      const res = await fetch('/api/fleet/version', { cache: 'no-store' })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return (await res.json()) as FleetVersion
    },
    // With the stream open the server sends the current versions at once, then each change: no
    // request of our own (a fetch on mount raced the stream's first event for nothing).
    enabled: polling,
    refetchInterval: polling ? POLL_MS : false,
    refetchIntervalInBackground: false,
    staleTime: polling ? 0 : Infinity,
  })
}

/**
 * A clock for ages shown on screen ("last known data, 40 s old"): starts at `initial` so the server
 * render and hydration agree, then ticks every second, since events only come when something changes.
 */
export function useNow(initial: number): number {
  const [now, setNow] = useState(initial)
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  return now
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
