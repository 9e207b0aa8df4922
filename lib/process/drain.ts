import 'server-only'
import { log } from '@/lib/observability/log'

const state = globalThis as unknown as {
  aireDraining?: { since: number; hooks: (() => void | Promise<void>)[] }
}

export function draining(): boolean {
  return Boolean(state.aireDraining?.since)
}

/** Work to stop when the process drains (e.g. closing cluster watches). */
export function onDrain(hook: () => void | Promise<void>): void {
  state.aireDraining ??= { since: 0, hooks: [] }
  state.aireDraining.hooks.push(hook)
}

/**
 * On SIGTERM: /readyz turns 503 so the load balancer stops sending new requests, watches close,
 * and in-flight requests (actions included) get the grace period to finish before Next exits.
 */
export function beginDrain(reason: string): void {
  state.aireDraining ??= { since: 0, hooks: [] }
  if (state.aireDraining.since) return
  state.aireDraining.since = Date.now()
  log.info('draining', { reason })
  for (const hook of state.aireDraining.hooks) {
    Promise.resolve()
      .then(hook)
      .catch((e: unknown) => log.warn('drain hook failed', { error: e }))
  }
}
