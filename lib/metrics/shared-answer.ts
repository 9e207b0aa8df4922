import 'server-only'
import { log } from '@/lib/observability/log'

/**
 * One Prometheus answer shared by every request of the process: fetched at most every
 * `refreshMs`, a recent one served at once while the next is fetched, none older than `maxAgeMs`
 * ("unavailable" beats numbers from long ago). The pages never wait on Prometheus once an answer
 * is known; they wait (bounded by the fetch's own timeout) only when none is.
 */
export function sharedAnswer<T>(opts: {
  /** globalThis key, so module reloads in one process share the state */
  key: string
  refreshMs: number
  maxAgeMs: number
  fetch: (at: Date) => Promise<T>
  /** logged when an answer that was known can no longer be had */
  what: string
}): () => Promise<T | null> {
  interface State {
    value: T | null
    atMs: number
    triedAt: number
    inflight: Promise<void> | null
  }
  const g = globalThis as unknown as Record<string, State | undefined>
  const state: State = (g[opts.key] ??= { value: null, atMs: 0, triedAt: 0, inflight: null })

  async function fetchOnce(): Promise<void> {
    const at = new Date()
    try {
      state.value = await opts.fetch(at)
      state.atMs = at.getTime()
    } catch (e) {
      if (state.value !== null) log.warn(`${opts.what} unavailable`, { error: e })
      state.value = null
    } finally {
      state.triedAt = Date.now()
    }
  }
  const refresh = () => {
    state.inflight ??= fetchOnce().finally(() => {
      state.inflight = null
    })
    return state.inflight
  }
  const fresh = () => (state.value !== null && Date.now() - state.atMs <= opts.maxAgeMs ? state.value : null)

  return async () => {
    const due = Date.now() - state.triedAt >= opts.refreshMs
    if (!fresh() && due) await refresh()
    else if (due) void refresh()
    return fresh()
  }
}
