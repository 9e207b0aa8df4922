import 'server-only'
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'

interface ConsoleMetrics {
  registry: Registry
  actions: Counter<'action' | 'result'>
  sourceUp: Gauge<'source'>
  sourceAge: Gauge<'source'>
}

function create(): ConsoleMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'aire_console_' })
  return {
    registry,
    actions: new Counter({
      name: 'aire_console_actions_total',
      help: 'Change attempts by action and result (applied, refused, conflict, failed).',
      labelNames: ['action', 'result'],
      registers: [registry],
    }),
    sourceUp: new Gauge({
      name: 'aire_console_source_up',
      help: '1 when the data source (database, prometheus, cluster:<name>) answered the last probe.',
      labelNames: ['source'],
      registers: [registry],
    }),
    sourceAge: new Gauge({
      name: 'aire_console_source_age_seconds',
      help: 'Seconds since the data source last answered.',
      labelNames: ['source'],
      registers: [registry],
    }),
  }
}

const g = globalThis as unknown as { aireMetrics?: ConsoleMetrics }

export function metrics(): ConsoleMetrics {
  g.aireMetrics ??= create()
  return g.aireMetrics
}
