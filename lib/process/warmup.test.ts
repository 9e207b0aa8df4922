import { afterEach, describe, expect, it } from 'vitest'
import {
  isWarmupCredential,
  ownOrigin,
  resetWarmupForTests,
  runWarmup,
  skipWarmup,
  warmupStatus,
  warmupTargets,
  WARMUP_HEADER,
} from './warmup'

afterEach(() => resetWarmupForTests())

/** A fake server: records each request's path and warm-up header, answers after `delay` ms. */
function fakeServer(answer: (path: string) => { status: number; delay?: number } = () => ({ status: 200 })) {
  const seen: { path: string; token: string | null; validWhileInFlight: boolean }[] = []
  const f = (async (url: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(url)).pathname
    const token = new Headers(init?.headers).get(WARMUP_HEADER)
    seen.push({ path, token, validWhileInFlight: isWarmupCredential(token) })
    const a = answer(path)
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(resolve, a.delay ?? 1)
      init?.signal?.addEventListener('abort', () => {
        clearTimeout(t)
        reject(new Error('aborted'))
      })
    })
    return new Response('ok', { status: a.status })
  }) as typeof fetch
  return { f, seen }
}

describe('warm before ready', () => {
  it('is not ready while warming, with progress, and ready once every page and data path was requested', async () => {
    const { f, seen } = fakeServer(() => ({ status: 200, delay: 5 }))
    const run = runWarmup({ origin: 'http://127.0.0.1:1', boundSeconds: 30, fetch: f })
    const during = warmupStatus()
    expect(during.ready).toBe(false)
    expect(during.line).toMatch(/^warming: 0\/\d+ requests/)
    await run
    const after = warmupStatus()
    expect(after.ready).toBe(true)
    expect(after.line).toMatch(/^\[\+\]warm-up done: \d+ requests/)
    // every page, every data endpoint and the event stream, in two passes
    const paths = new Set(seen.map((s) => s.path))
    for (const p of ['/', '/gpus', '/models', '/routes', '/costs', '/slos', '/audit', '/teams', '/triage'])
      expect(paths).toContain(p)
    for (const p of [
      '/api/fleet/gpus',
      '/api/fleet/models',
      '/api/status',
      '/api/fleet/status',
      '/api/fleet/events',
    ])
      expect(paths).toContain(p)
    expect(seen.length).toBe(warmupTargets().length * 2)
  })

  it('its credential opens reads only while it warms: never a guessed value, never after', async () => {
    const { f, seen } = fakeServer()
    expect(isWarmupCredential('anything')).toBe(false)
    const run = runWarmup({ origin: 'http://127.0.0.1:1', boundSeconds: 30, fetch: f })
    expect(isWarmupCredential(null)).toBe(false)
    expect(isWarmupCredential('')).toBe(false)
    expect(isWarmupCredential('x'.repeat(43))).toBe(false)
    await run
    const token = seen[0]!.token!
    expect(token.length).toBeGreaterThanOrEqual(43) // 32 random bytes
    expect(seen.every((s) => s.token === token && s.validWhileInFlight)).toBe(true)
    expect(isWarmupCredential(token)).toBe(false)
    // a new process start is a new token
    const again = fakeServer()
    await runWarmup({ origin: 'http://127.0.0.1:1', boundSeconds: 30, fetch: again.f })
    expect(again.seen[0]!.token).not.toBe(token)
  })

  it('a page that hangs cannot keep the replica unready past the bound: it becomes ready and says why', async () => {
    const { f } = fakeServer((path) =>
      path === '/routes' ? { status: 200, delay: 60_000 } : { status: 200 },
    )
    const t0 = Date.now()
    await runWarmup({ origin: 'http://127.0.0.1:1', boundSeconds: 0.3, fetch: f })
    expect(Date.now() - t0).toBeLessThan(2_000)
    const s = warmupStatus()
    expect(s.ready).toBe(true)
    expect(s.line).toMatch(
      /warm-up incomplete, ready anyway: \d+\/\d+ requests done within the bound of 0.3 s/,
    )
  })

  it('failing pages are counted but do not keep the replica unready', async () => {
    const { f } = fakeServer((path) => ({ status: path === '/costs' ? 500 : 200 }))
    await runWarmup({ origin: 'http://127.0.0.1:1', boundSeconds: 30, fetch: f })
    const s = warmupStatus()
    expect(s.ready).toBe(true)
    expect(s.line).toMatch(/done: .*, \d+ not ok/)
  })

  it('off (development, or a bound of 0): ready at once, and no credential exists', () => {
    skipWarmup('AIRE_WARMUP_SECONDS=0')
    expect(warmupStatus()).toEqual({ ready: true, line: '[+]warm-up off (AIRE_WARMUP_SECONDS=0)' })
    expect(isWarmupCredential('x')).toBe(false)
  })

  it('requests the address the server listens on', () => {
    expect(ownOrigin({ __NEXT_PRIVATE_ORIGIN: 'http://localhost:3000' })).toBe('http://127.0.0.1:3000')
    expect(ownOrigin({ __NEXT_PRIVATE_ORIGIN: 'http://10.1.2.3:3000' })).toBe('http://10.1.2.3:3000')
    expect(ownOrigin({ PORT: '3242' })).toBe('http://127.0.0.1:3242')
  })
})
