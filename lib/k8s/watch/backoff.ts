export interface BackoffOptions {
  initialMs: number
  maxMs: number
  factor: number
  /** 0..1: the share of each delay that is randomised, so many watchers do not reconnect in step. */
  jitter: number
}

// Capped at 10 s: after an outage of any length a restarted API server is seen within seconds.
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 10_000, factor: 2, jitter: 0.5 }

/** Delay before retry number `attempt` (0-based): exponential, capped, with proportional jitter. */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const exp = Math.min(opts.maxMs, opts.initialMs * opts.factor ** Math.max(0, attempt))
  return Math.round(exp * (1 - opts.jitter) + exp * opts.jitter * random())
}

/** A watch timeout between min and max seconds, so streams of many resources do not all end together. */
export function watchTimeoutSeconds(min = 30, max = 60, random = Math.random): number {
  return Math.floor(min + (max - min + 1) * random())
}
