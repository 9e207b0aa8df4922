import 'server-only'
import { onDrain } from '@/lib/process/drain'
import { watchCache } from '@/lib/k8s/watch/cache'
import type { ClusterStatus } from '@/lib/k8s/watch/types'
import { gpusVersion } from './read-fleet'

/**
 * The fleet's live versions pushed to open pages as server-sent events, instead of every page
 * polling once a second: one timer per process compares the versions and writes to the streams
 * that are open, so 200 watching users cost one check per tick, not 200 requests per second.
 */

export interface FleetVersion {
  version: number
  gpus: number
  models: number
  clusters: ClusterStatus[]
}

export function fleetVersion(): FleetVersion {
  const cache = watchCache()
  return {
    version: cache.version,
    // Includes the utilisation generation: open GPU pages refetch when utilisation moves.
    gpus: gpusVersion(cache),
    models: cache.scopeVersion('models'),
    clusters: cache.clusterStatuses(),
  }
}

const TICK_MS = 250
/** A comment now and then keeps idle proxies from closing the stream. */
const HEARTBEAT_MS = 15_000
/**
 * Streams end after this long and the browser reconnects (EventSource does so by itself), which
 * checks the session again: a signed-out user stops receiving versions within this time.
 */
export const STREAM_LIFETIME_MS = 5 * 60_000

interface Subscriber {
  send: (chunk: string) => void
  close: () => void
  until: number
  /** changeKey of the last versions sent, and when. */
  key: string
  sentAt: number
}

interface Hub {
  subscribers: Set<Subscriber>
  timer: NodeJS.Timeout | null
}

const g = globalThis as unknown as { aireVersionHub?: Hub }
const hub: Hub = (g.aireVersionHub ??= { subscribers: new Set(), timer: null })

export function eventOf(v: FleetVersion): string {
  return `data: ${JSON.stringify(v)}\n\n`
}

/**
 * What must reach the browser when it changes: the versions and each cluster's state. A connected
 * cluster's dataAsOf is "now" on every read, so it is left out, or every tick would be a change.
 */
export function changeKey(v: FleetVersion): string {
  return JSON.stringify([
    v.version,
    v.gpus,
    v.models,
    v.clusters.map((c) => [c.cluster, c.synced, c.connected, c.error, c.connected ? null : c.dataAsOf]),
  ])
}

function tick() {
  if (hub.subscribers.size === 0) return
  const now = Date.now()
  const v = fleetVersion()
  const key = changeKey(v)
  const event = eventOf(v)
  for (const s of hub.subscribers) {
    if (now >= s.until) s.close()
    // The heartbeat carries the versions too, so a browser's "as of" stays fresh while nothing moves.
    else if (key !== s.key || now - s.sentAt >= HEARTBEAT_MS) {
      s.key = key
      s.sentAt = now
      s.send(event)
    }
  }
}

function ensureTimer() {
  if (hub.timer) return
  hub.timer = setInterval(tick, TICK_MS)
  hub.timer.unref()
  onDrain(() => {
    // Draining: end every stream so browsers reconnect to a replica that stays.
    for (const s of hub.subscribers) s.close()
  })
}

/** An event stream of fleet versions: the current one at once, then each change. */
export function versionStream(lifetimeMs = STREAM_LIFETIME_MS): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let sub: Subscriber | null = null
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const v = fleetVersion()
      sub = {
        until: Date.now() + lifetimeMs,
        key: changeKey(v),
        sentAt: Date.now(),
        send: (chunk) => {
          try {
            controller.enqueue(encoder.encode(chunk))
          } catch {
            sub?.close()
          }
        },
        close: () => {
          if (!sub || !hub.subscribers.delete(sub)) return
          try {
            controller.close()
          } catch {
            // already closed by the client
          }
        },
      }
      hub.subscribers.add(sub)
      // `retry`: how soon the browser reconnects after the stream ends.
      controller.enqueue(encoder.encode(`retry: 1000\n${eventOf(v)}`))
      ensureTimer()
    },
    cancel() {
      if (sub) hub.subscribers.delete(sub)
    },
  })
}
