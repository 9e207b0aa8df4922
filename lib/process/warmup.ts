import 'server-only'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { draining } from '@/lib/process/drain'
import { log } from '@/lib/observability/log'

/**
 * Warm before ready. A freshly started replica loads each route's modules, compiles its code and
 * fills its caches (watch cache, memoised views, the ORM's query plans, the database pool) on the
 * first requests it serves: behind a load balancer those are real users', and 200 of them
 * arriving at once saw page-data p95 of about 2 s. So at start-up the replica requests each
 * console page and each data endpoint itself, over loopback HTTP through the whole Next stack,
 * and /readyz answers 503 until that is done (or the bound has passed).
 *
 * The warm-up's requests need a signed-in user to reach the data paths. They carry a random
 * per-process token in WARMUP_HEADER instead of a session cookie. It is honoured only:
 *  - while this process is warming (it is erased when the warm-up ends, at the bound at the latest),
 *  - for reads (currentUser; writes look up the session afresh and never consult it),
 *  - as a viewer with no teams (what any signed-in user may see; no operator or admin rights),
 * and it never leaves the process: not logged, not in a response, not in the environment.
 */
export const WARMUP_HEADER = 'x-aire-warmup'

/** What the warm-up requests, per pass: every console page (HTML and the RSC payload a client
 * navigation fetches), the data endpoints open pages poll, and the event stream. */
export const WARMUP_PAGES = [
  '/',
  '/gpus',
  '/models',
  '/routes',
  '/costs',
  '/slos',
  '/audit',
  '/teams',
  '/triage',
]
export const WARMUP_DATA = [
  '/api/fleet/status',
  '/api/fleet/version',
  '/api/fleet/gpus',
  '/api/fleet/models',
  '/api/fleet/slos',
  '/api/status',
]
const EVENTS = '/api/fleet/events'
/** A second pass runs the same paths on loaded modules: it takes what the first left cold (JIT). */
const PASSES = 2
const CONCURRENCY = 2
const REQUEST_TIMEOUT_MS = 15_000
export const DEFAULT_BOUND_SECONDS = 30

export interface WarmupTarget {
  path: string
  headers?: Record<string, string>
  /** an event stream: read until the first event, then close */
  stream?: boolean
}

export function warmupTargets(): WarmupTarget[] {
  return [
    ...WARMUP_DATA.map((path) => ({ path })),
    { path: EVENTS, stream: true },
    ...WARMUP_PAGES.map((path) => ({ path })),
    // a client-side navigation fetches the RSC payload only: another render path
    ...WARMUP_PAGES.map((path) => ({ path, headers: { rsc: '1' } })),
    { path: '/login' },
  ]
}

type Phase = 'off' | 'warming' | 'done' | 'gave-up'
interface WarmupState {
  phase: Phase
  token: Buffer | null
  startedAt: number
  endedAt: number
  done: number
  total: number
  /** non-2xx/3xx answers and errors, by path (the replica still becomes ready: see the bound) */
  failures: string[]
  reason: string
}

// On globalThis: instrumentation (which starts the warm-up) and the route handlers (which check
// the token and report readiness) are separate bundles with separate module instances.
const g = globalThis as unknown as { aireWarmup?: WarmupState }
function state(): WarmupState {
  g.aireWarmup ??= {
    phase: 'off',
    token: null,
    startedAt: 0,
    endedAt: 0,
    done: 0,
    total: 0,
    failures: [],
    reason: '',
  }
  return g.aireWarmup
}

/** True only for this process's own warm-up token, and only while the warm-up runs. */
export function isWarmupCredential(value: string | null | undefined): boolean {
  const s = state()
  if (s.phase !== 'warming' || !s.token || !value) return false
  const given = Buffer.from(value, 'utf8')
  return given.length === s.token.length && timingSafeEqual(given, s.token)
}

/** Whether /readyz may answer 200 as far as warming goes, and the line it reports. */
export function warmupStatus(now = Date.now()): { ready: boolean; line: string } {
  const s = state()
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  switch (s.phase) {
    case 'off':
      return { ready: true, line: `[+]warm-up off${s.reason ? ` (${s.reason})` : ''}` }
    case 'warming':
      return {
        ready: false,
        line: `warming: ${s.done}/${s.total} requests of the start-up warm-up done, ${secs(now - s.startedAt)} in`,
      }
    case 'done':
      return {
        ready: true,
        line: `[+]warm-up done: ${s.total} requests in ${secs(s.endedAt - s.startedAt)}${s.failures.length ? `, ${s.failures.length} not ok` : ''}`,
      }
    case 'gave-up':
      return { ready: true, line: `[-]warm-up incomplete, ready anyway: ${s.reason}` }
  }
}

export interface WarmupOptions {
  /** where this process listens, e.g. http://127.0.0.1:3000 */
  origin: string
  boundSeconds: number
  targets?: WarmupTarget[]
  fetch?: typeof fetch
  passes?: number
}

/** The loopback address of this server, as Next recorded it when it started listening. */
export function ownOrigin(env: Record<string, string | undefined> = process.env): string {
  // Next sets __NEXT_PRIVATE_ORIGIN (http://localhost:PORT when bound to all interfaces, else the
  // bound host) and PORT once its server listens, before instrumentation runs.
  const origin = env.__NEXT_PRIVATE_ORIGIN
  if (origin) {
    const u = new URL(origin)
    if (u.hostname === 'localhost') u.hostname = '127.0.0.1'
    return u.origin
  }
  return `http://127.0.0.1:${env.PORT ?? '3000'}`
}

async function request(
  f: typeof fetch,
  origin: string,
  t: WarmupTarget,
  token: string,
  signal: AbortSignal,
): Promise<number> {
  const res = await f(`${origin}${t.path}`, {
    headers: { [WARMUP_HEADER]: token, 'accept-encoding': 'gzip', ...t.headers },
    redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  })
  if (t.stream && res.body) {
    // the first event is the stream's whole first-hit path (the versions of every scope)
    const reader = res.body.getReader()
    await reader.read()
    await reader.cancel().catch(() => {})
  } else {
    await res.arrayBuffer()
  }
  return res.status
}

/**
 * Runs the warm-up (never throws). The replica becomes ready when every pass is done, when the
 * bound has passed (a page that hangs or fails must not keep a replica out of service forever:
 * it serves cold instead, and the log says why), or at once when the process drains.
 */
export async function runWarmup(o: WarmupOptions): Promise<void> {
  const s = state()
  if (s.phase === 'warming') return
  const targets = o.targets ?? warmupTargets()
  const passes = o.passes ?? PASSES
  const f = o.fetch ?? fetch
  const tokenText = randomBytes(32).toString('base64url')
  Object.assign(s, {
    phase: 'warming',
    token: Buffer.from(tokenText, 'utf8'),
    startedAt: Date.now(),
    endedAt: 0,
    done: 0,
    total: targets.length * passes,
    failures: [],
    reason: '',
  } satisfies WarmupState)
  const abort = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const bound = new Promise<'bound'>((resolve) => {
    timer = setTimeout(() => resolve('bound'), o.boundSeconds * 1000)
    timer.unref()
  })
  const work = (async () => {
    for (let pass = 0; pass < passes; pass++) {
      let next = 0
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < targets.length && !abort.signal.aborted && !draining()) {
            const t = targets[next++]!
            try {
              const status = await request(f, o.origin, t, tokenText, abort.signal)
              if (status >= 400) s.failures.push(`${t.path}: HTTP ${status}`)
            } catch (e) {
              s.failures.push(`${t.path}: ${e instanceof Error ? e.message : String(e)}`)
            }
            s.done++
          }
        }),
      )
    }
    return 'done' as const
  })()
  const outcome = await Promise.race([work, bound])
  clearTimeout(timer)
  abort.abort()
  // From here on the token opens nothing, whatever happens to requests still in flight.
  s.token = null
  s.endedAt = Date.now()
  const ms = s.endedAt - s.startedAt
  const failures = [...new Set(s.failures)].slice(0, 10)
  if (outcome === 'bound') {
    s.phase = 'gave-up'
    s.reason = `${s.done}/${s.total} requests done within the bound of ${o.boundSeconds} s (AIRE_WARMUP_SECONDS)`
    log.warn('warm-up incomplete: ready anyway, the rest will load on first use', {
      done: s.done,
      total: s.total,
      boundSeconds: o.boundSeconds,
      failures,
    })
  } else if (draining()) {
    s.phase = 'gave-up'
    s.reason = 'draining'
  } else {
    s.phase = 'done'
    const level = failures.length ? 'warn' : 'info'
    log[level]('warm-up done: ready', { ms, requests: s.total, failures })
  }
}

/** Marks the warm-up as not run (development, or a bound of 0): /readyz does not wait for one. */
export function skipWarmup(reason: string): void {
  Object.assign(state(), { phase: 'off', token: null, reason })
}

/** For tests: forget everything. */
export function resetWarmupForTests(): void {
  delete g.aireWarmup
}
