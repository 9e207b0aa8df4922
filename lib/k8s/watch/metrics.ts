import 'server-only'
import { Gauge } from 'prom-client'
import { metrics } from '@/lib/observability/metrics'
import type { ResourceStatus } from './types'

/**
 * Watch-cache health on the console's registry, computed at scrape time. Registered once per
 * process; `statuses` reads the live cache so a hot-reloaded module still reports current data.
 */
export function registerWatchMetrics(statuses: () => ResourceStatus[]): void {
  const registry = metrics().registry
  if (registry.getSingleMetric('aire_console_watch_connected')) return
  const labelNames = ['cluster', 'resource'] as const
  new Gauge({
    name: 'aire_console_watch_connected',
    help: '1 while the watch of this cluster and resource is open.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const s of statuses()) this.set({ cluster: s.cluster, resource: s.resource }, s.connected ? 1 : 0)
    },
  })
  new Gauge({
    name: 'aire_console_watch_synced',
    help: '1 once the initial list of this cluster and resource completed.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const s of statuses()) this.set({ cluster: s.cluster, resource: s.resource }, s.synced ? 1 : 0)
    },
  })
  new Gauge({
    name: 'aire_console_watch_last_event_age_seconds',
    help: 'Seconds since the last list, watch event or bookmark of this cluster and resource.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      const now = Date.now()
      for (const s of statuses()) {
        if (s.lastEventAt)
          this.set({ cluster: s.cluster, resource: s.resource }, (now - Date.parse(s.lastEventAt)) / 1000)
      }
    },
  })
  new Gauge({
    name: 'aire_console_watch_items',
    help: 'Objects held in the watch cache for this cluster and resource.',
    labelNames,
    registers: [registry],
    collect() {
      this.reset()
      for (const s of statuses()) this.set({ cluster: s.cluster, resource: s.resource }, s.items)
    },
  })
}
