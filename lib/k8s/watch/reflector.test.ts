import { afterEach, describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_BACKOFF, watchTimeoutSeconds } from './backoff'
import { NdjsonParser } from './ndjson'
import { Reflector, sameJson } from './reflector'
import { RESOURCES } from './resources'
import type { Transport, WatchResponse } from './transport'

type Step =
  | { list: { status?: number; items?: unknown[]; continue?: string; rv?: string } }
  | { watch: { status?: number; events?: unknown[]; error?: string; end?: boolean } }
  | { fail: string }

const nodeObj = (name: string, rv: string, gpus = '8') => ({
  metadata: { name, resourceVersion: rv },
  status: { capacity: { 'nvidia.com/gpu': gpus }, allocatable: { 'nvidia.com/gpu': gpus } },
})

/** Scripted API server: each list/watch call takes the next step; afterwards watches hang until closed. */
function fakeTransport(steps: Step[]) {
  const calls: string[] = []
  const transport: Transport = {
    async get(path) {
      calls.push(`GET ${path}`)
      const s = steps.shift()
      if (!s) throw new Error('no more steps')
      if ('fail' in s) throw new Error(s.fail)
      if (!('list' in s)) throw new Error(`expected a list step, got ${JSON.stringify(s)}`)
      const l = s.list
      return {
        status: l.status ?? 200,
        body: { items: l.items ?? [], metadata: { continue: l.continue, resourceVersion: l.rv ?? '1' } },
      }
    },
    async stream(path) {
      calls.push(`WATCH ${path}`)
      const s = steps.shift()
      if (s && 'fail' in s) throw new Error(s.fail)
      if (s && !('watch' in s)) throw new Error(`expected a watch step, got ${JSON.stringify(s)}`)
      let closed = false
      let wake: () => void = () => {}
      const w = s?.watch
      async function* body() {
        if (w) {
          // Split every event across two chunks to exercise incremental parsing.
          for (const e of w.events ?? []) {
            const line = JSON.stringify(e) + '\n'
            yield Buffer.from(line.slice(0, 7))
            yield Buffer.from(line.slice(7))
          }
          if (w.error) throw new Error(w.error)
          if (w.end !== false) return
        }
        await new Promise<void>((r) => (wake = r))
        if (closed) throw new Error('closed')
      }
      const res: WatchResponse = {
        status: w?.status ?? 200,
        body: body(),
        close: () => {
          closed = true
          wake()
        },
      }
      return res
    },
  }
  return { transport, calls, steps }
}

const until = async (cond: () => boolean, ms = 2000) => {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 2))
  }
}

let running: Reflector<'nodes'> | null = null
afterEach(() => running?.stop())

function reflector(steps: Step[], maxItems?: number) {
  const fake = fakeTransport(steps)
  const changes: boolean[] = []
  const r = new Reflector('c1', { ...RESOURCES.nodes, kind: 'nodes' as const, maxItems }, fake.transport, {
    backoff: { initialMs: 1, maxMs: 5, factor: 2, jitter: 0.5 },
    onChange: (_k, statusOnly) => changes.push(statusOnly),
  })
  running = r
  r.start()
  return { r, ...fake, changes }
}

describe('Reflector', () => {
  it('pages the initial list, then applies watch events from the list resourceVersion', async () => {
    const { r, calls } = reflector([
      { list: { items: [nodeObj('a', '5')], continue: 'tok', rv: '9' } },
      { list: { items: [nodeObj('b', '6')], rv: '10' } },
      {
        watch: {
          events: [
            { type: 'ADDED', object: nodeObj('c', '11') },
            { type: 'MODIFIED', object: nodeObj('a', '12', '4') },
            { type: 'DELETED', object: nodeObj('b', '13') },
            { type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } },
          ],
          end: false,
        },
      },
    ])
    await r.whenSynced()
    await until(() => r.store.size === 2 && r.store.get('a')?.capacity['nvidia.com/gpu'] === 4)
    expect([...r.store.keys()].sort()).toEqual(['a', 'c'])
    expect(calls[0]).toBe('GET /api/v1/nodes?limit=500')
    expect(calls[1]).toBe('GET /api/v1/nodes?limit=500&continue=tok')
    expect(calls[2]).toMatch(
      /^WATCH \/api\/v1\/nodes\?watch=1&allowWatchBookmarks=true&resourceVersion=10&timeoutSeconds=\d+$/,
    )
    expect(r.status).toMatchObject({ synced: true, connected: true, items: 2, lastError: null })
  })

  it('signals no change when an update does not touch the projection (heartbeats)', async () => {
    const beat = (rv: string, t: string) => ({
      ...nodeObj('a', rv),
      status: {
        ...nodeObj('a', rv).status,
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: t }],
      },
    })
    const { r, changes, calls } = reflector([
      { list: { items: [beat('1', 't1')], rv: '1' } },
      {
        watch: {
          events: [
            { type: 'MODIFIED', object: beat('2', 't2') },
            { type: 'MODIFIED', object: beat('3', 't3') },
          ],
        },
      },
      { watch: { end: false } },
    ])
    await until(() => calls.length === 3)
    expect(changes.filter((statusOnly) => !statusOnly)).toHaveLength(1) // the list only
    expect(calls[2]).toContain('resourceVersion=3')
    expect(r.status.lastEventAt).not.toBeNull()
  })

  it('resumes from the last event after a normal end, and relists on 410 Gone', async () => {
    const { r, calls } = reflector([
      { list: { items: [nodeObj('a', '1')], rv: '1' } },
      { watch: { events: [{ type: 'ADDED', object: nodeObj('b', '7') }] } },
      { watch: { status: 410 } },
      { list: { items: [nodeObj('z', '30')], rv: '30' } },
      { watch: { end: false } },
    ])
    await until(() => r.store.has('z'))
    expect(calls.filter((c) => c.startsWith('WATCH'))[1]).toContain('resourceVersion=7')
    expect(calls.filter((c) => c.startsWith('GET'))).toHaveLength(2)
    expect([...r.store.keys()]).toEqual(['z'])
    expect(r.status.relists).toBe(1)
  })

  it('relists when the watch sends an ERROR event with code 410', async () => {
    const { r } = reflector([
      { list: { items: [nodeObj('a', '1')], rv: '1' } },
      {
        watch: {
          events: [
            { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } },
          ],
        },
      },
      { list: { items: [nodeObj('b', '50')], rv: '50' } },
      { watch: { end: false } },
    ])
    await until(() => r.store.has('b') && !r.store.has('a'))
    expect(r.status.relists).toBe(1)
  })

  it('keeps the last data, records the error and retries with back-off when the cluster fails', async () => {
    const { r, changes } = reflector([
      { list: { items: [nodeObj('a', '1')], rv: '1' } },
      { watch: { events: [{ type: 'ADDED', object: nodeObj('b', '2') }], error: 'socket hang up' } },
      { fail: 'connect ECONNREFUSED' },
      { fail: 'connect ECONNREFUSED' },
      { watch: { events: [{ type: 'ADDED', object: nodeObj('c', '3') }], end: false } },
    ])
    await until(() => r.store.has('c'))
    expect([...r.store.keys()].sort()).toEqual(['a', 'b', 'c'])
    expect(r.status.restarts).toBe(3)
    expect(r.status.lastError).toContain('ECONNREFUSED')
    expect(r.status.connected).toBe(true)
    expect(changes).toContain(true) // status-only changes (connected flips) were signalled
  })

  it('relists when its resourceVersion is ahead of the server (cluster rebuilt)', async () => {
    const { r, calls } = reflector([
      { list: { items: [nodeObj('old', '900')], rv: '900' } },
      {
        watch: {
          status: 504,
          events: [{ kind: 'Status', code: 504, message: 'Too large resource version: 900, current: 12' }],
        },
      },
      { list: { items: [nodeObj('new', '12')], rv: '12' } },
      { watch: { end: false } },
    ])
    await until(() => r.store.has('new'))
    expect([...r.store.keys()]).toEqual(['new'])
    expect(calls.filter((c) => c.startsWith('GET'))).toHaveLength(2)
  })

  it('relists after repeated failures to resume a watch', async () => {
    const { r, calls } = reflector([
      { list: { items: [nodeObj('a', '1')], rv: '1' } },
      { fail: 'ECONNRESET' },
      { fail: 'ECONNRESET' },
      { fail: 'ECONNRESET' },
      { fail: 'ECONNRESET' },
      { list: { items: [nodeObj('b', '5')], rv: '5' } },
      { watch: { end: false } },
    ])
    await until(() => r.store.has('b'))
    expect(calls.filter((c) => c.startsWith('GET'))).toHaveLength(2)
  })

  it('retries a failing initial list until it succeeds', async () => {
    const { r } = reflector([
      { list: { status: 500 } },
      { fail: 'ECONNRESET' },
      { list: { items: [nodeObj('a', '1')], rv: '1' } },
      { watch: { end: false } },
    ])
    await r.whenSynced()
    expect(r.status.synced).toBe(true)
    expect(r.status.restarts).toBe(2)
  })

  it('keeps only the newest items when capped (events)', async () => {
    const { r } = reflector(
      [
        { list: { items: [nodeObj('a', '1'), nodeObj('b', '2'), nodeObj('c', '3')], rv: '3' } },
        {
          watch: {
            events: [
              { type: 'ADDED', object: nodeObj('d', '4') },
              { type: 'MODIFIED', object: nodeObj('c', '5') },
              { type: 'ADDED', object: nodeObj('e', '6') },
            ],
            end: false,
          },
        },
      ],
      2,
    )
    await until(() => r.store.has('e'))
    expect([...r.store.keys()]).toEqual(['c', 'e'])
  })

  it('marks a resource the cluster does not serve as synced and empty', async () => {
    const { r } = reflector([{ list: { status: 404 } }])
    await r.whenSynced()
    expect(r.status).toMatchObject({ synced: true, served: false, items: 0 })
    expect(r.status.lastError).toContain('not served')
  })
})

describe('sameJson', () => {
  it('compares plain JSON values deeply, key order aside', () => {
    expect(sameJson({ a: [1, { b: 'x' }], c: null }, { c: null, a: [1, { b: 'x' }] })).toBe(true)
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false)
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(sameJson([], {})).toBe(false)
  })
})

describe('NdjsonParser', () => {
  it('handles events split across chunks, several per chunk, and split UTF-8 characters', () => {
    const p = new NdjsonParser()
    const text = '{"a":"é"}\n{"b":2}\n{"c":'
    const bytes = Buffer.from(text)
    const cut = bytes.indexOf(0xa9) // inside the two-byte é
    expect(p.push(bytes.subarray(0, cut))).toEqual([])
    expect(p.push(bytes.subarray(cut))).toEqual([{ a: 'é' }, { b: 2 }])
    expect(p.push('3}')).toEqual([])
    expect(p.end()).toEqual([{ c: 3 }])
  })

  it('throws on malformed lines', () => {
    expect(() => new NdjsonParser().push('{oops}\n')).toThrow()
  })
})

describe('backoff', () => {
  it('grows exponentially up to the cap, with bounded jitter', () => {
    const opts = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 }
    expect(backoffDelay(0, opts, () => 1)).toBe(500)
    expect(backoffDelay(0, opts, () => 0)).toBe(250)
    expect(backoffDelay(3, opts, () => 1)).toBe(4000)
    expect(backoffDelay(20, opts, () => 1)).toBe(30_000)
    expect(backoffDelay(20, opts, () => 0)).toBe(15_000)
  })
  it('after an outage of any length, retries a cluster at least every 10 s (live again within 30 s of its restart)', () => {
    for (let attempt = 0; attempt < 60; attempt++) {
      expect(backoffDelay(attempt, DEFAULT_BACKOFF, () => 1)).toBeLessThanOrEqual(10_000)
    }
  })
  it('picks watch timeouts within 30–60 s', () => {
    expect(watchTimeoutSeconds(30, 60, () => 0)).toBe(30)
    expect(watchTimeoutSeconds(30, 60, () => 0.9999)).toBe(60)
  })
})
