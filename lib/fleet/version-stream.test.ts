import { afterEach, describe, expect, it, vi } from 'vitest'

const world = vi.hoisted(() => ({
  version: 1,
  connected: true,
  drainHooks: [] as (() => void)[],
}))
vi.mock('@/lib/k8s/watch/cache', () => ({
  watchCache: () => ({
    version: world.version,
    scopeVersion: () => world.version,
    clusterStatuses: () => [
      {
        cluster: 'gpu-east',
        synced: true,
        connected: world.connected,
        // "now" while connected, as the real cache reports it
        dataAsOf: world.connected ? new Date().toISOString() : '2026-11-27T10:00:00.000Z',
        error: world.connected ? null : 'connection refused',
      },
    ],
  }),
}))
vi.mock('./read-fleet', () => ({ gpusVersion: () => world.version * 10 }))
vi.mock('@/lib/process/drain', () => ({ onDrain: (h: () => void) => world.drainHooks.push(h) }))

const { versionStream } = await import('./version-stream')

/** Reads events off a stream as the browser's EventSource would. */
function reader(stream: ReadableStream<Uint8Array>) {
  const r = stream.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const events: { version: number; clusters: { connected: boolean }[] }[] = []
  let done = false
  void (async () => {
    for (;;) {
      const { value, done: end } = await r.read()
      if (end) {
        done = true
        return
      }
      buffer += decoder.decode(value)
      let i
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i)
        buffer = buffer.slice(i + 2)
        const data = block.split('\n').find((l) => l.startsWith('data: '))
        if (data) events.push(JSON.parse(data.slice(6)))
      }
    }
  })()
  return { events, isDone: () => done, cancel: () => r.cancel() }
}

describe('fleet version stream', () => {
  afterEach(() => {
    world.version = 1
    world.connected = true
  })

  it('sends the versions at once, then only when something a page shows has changed', async () => {
    const s = reader(versionStream())
    await vi.waitFor(() => expect(s.events).toHaveLength(1))
    expect(s.events[0]).toMatchObject({ version: 1, gpus: 10 })
    // several ticks with nothing changed: a connected cluster's "as of now" is not a change
    await new Promise((r) => setTimeout(r, 800))
    expect(s.events).toHaveLength(1)
    world.version = 2
    await vi.waitFor(() => expect(s.events.at(-1)).toMatchObject({ version: 2, gpus: 20 }))
    world.connected = false
    await vi.waitFor(() => expect(s.events.at(-1)?.clusters[0]?.connected).toBe(false))
    await s.cancel()
  })

  it('ends a stream after its lifetime (the browser reconnects and the session is checked again)', async () => {
    const s = reader(versionStream(300))
    await vi.waitFor(() => expect(s.isDone()).toBe(true), { timeout: 2000 })
  })

  it('ends every stream when the replica drains', async () => {
    const s = reader(versionStream())
    await vi.waitFor(() => expect(s.events).toHaveLength(1))
    for (const h of world.drainHooks) h()
    await vi.waitFor(() => expect(s.isDone()).toBe(true))
  })
})
