import { NdjsonParser } from './ndjson'
import { backoffDelay, DEFAULT_BACKOFF, watchTimeoutSeconds, type BackoffOptions } from './backoff'
import { objectKey, PROJECTIONS } from './project'
import type { ResourceDescriptor } from './resources'
import type { Transport } from './transport'
import type { ResourceKind, ResourceMap, ResourceStatus } from './types'

export interface ReflectorOptions {
  pageSize?: number
  backoff?: BackoffOptions
  /** Watch timeoutSeconds range; each watch picks one at random. */
  watchSeconds?: [number, number]
  /** Called after the store changed (item added, modified, deleted, or relisted) or the status flipped. */
  onChange: (kind: ResourceKind, statusOnly: boolean) => void
  now?: () => number
}

/** The API server's answer when a resourceVersion or continue token is too old (watch cache window ~5 min). */
class GoneError extends Error {}

interface WatchEvent {
  type?: string
  object?: { metadata?: { resourceVersion?: string }; code?: number; message?: string; reason?: string }
}

const NOT_SERVED_RETRY_MS = 5 * 60_000
const RELIST_AFTER_FAILURES = 3
const TOO_LARGE_RV = /too large resource version/i

/**
 * List-then-watch of one resource on one cluster (the client-go reflector pattern, without
 * client-node's informer: that one stops on errors other than 410). Never gives up: any error
 * ends the current attempt, records it, and retries with exponential back-off and jitter; 410 Gone
 * (expired resourceVersion or continue token) relists. The last good data stays in the store.
 */
export class Reflector<K extends ResourceKind> {
  store = new Map<string, ResourceMap[K]>()
  readonly status: ResourceStatus
  private rv = ''
  private stopped = false
  private closeCurrent: (() => void) | null = null
  private wake: (() => void) | null = null
  private readonly project: (o: unknown) => ResourceMap[K]
  private readonly now: () => number
  private syncedWaiters: (() => void)[] = []

  constructor(
    readonly cluster: string,
    private readonly desc: ResourceDescriptor & { kind: K },
    private readonly transport: Transport,
    private readonly opts: ReflectorOptions,
  ) {
    this.project = PROJECTIONS[desc.kind] as (o: unknown) => ResourceMap[K]
    this.now = opts.now ?? Date.now
    this.status = {
      cluster,
      resource: desc.kind,
      synced: false,
      connected: false,
      served: true,
      items: 0,
      lastEventAt: null,
      lastHealthyAt: null,
      lastError: null,
      lastErrorAt: null,
      relists: 0,
      restarts: 0,
    }
  }

  start(): void {
    void this.run()
  }

  stop(): void {
    this.stopped = true
    this.closeCurrent?.()
    this.wake?.()
    for (const w of this.syncedWaiters.splice(0)) w()
  }

  /** Resolves once the initial list has completed (or the reflector stopped). */
  whenSynced(): Promise<void> {
    if (this.status.synced || this.stopped) return Promise.resolve()
    return new Promise((resolve) => this.syncedWaiters.push(resolve))
  }

  private stamp(): string {
    return new Date(this.now()).toISOString()
  }

  private setConnected(connected: boolean): void {
    if (this.status.connected === connected) return
    this.status.connected = connected
    this.opts.onChange(this.desc.kind, true)
  }

  private async run(): Promise<void> {
    let attempt = 0
    let gones = 0
    while (!this.stopped) {
      let delay = 0
      try {
        if (!this.rv) await this.list()
        const opened = this.now()
        const healthy = await this.watch()
        // A stream the server ended by itself (timeoutSeconds) is normal: reconnect at once.
        // One that ended right after opening counts as a failure so we never spin.
        if (healthy && this.now() - opened > 1000) attempt = gones = 0
        else delay = backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF)
      } catch (e) {
        if (this.stopped) break
        this.setConnected(false)
        if (e instanceof GoneError) {
          // Too old to resume: relist now (no back-off: the server is answering).
          this.rv = ''
          this.status.relists++
          if (++gones <= 2) continue
          delay = backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF)
          if (!this.stopped) await this.sleep(delay)
          continue
        }
        const message = e instanceof Error ? e.message : String(e)
        this.status.lastError = message.slice(0, 300)
        this.status.lastErrorAt = this.stamp()
        this.status.restarts++
        this.opts.onChange(this.desc.kind, true)
        // Our resourceVersion is ahead of the server (etcd restored or cluster rebuilt), or resuming
        // keeps failing: start over with a fresh list once the server answers (as client-go does).
        if (TOO_LARGE_RV.test(message) || attempt >= RELIST_AFTER_FAILURES) this.rv = ''
        delay = /\bHTTP 404\b/.test(message)
          ? NOT_SERVED_RETRY_MS
          : backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF)
      }
      if (delay > 0 && !this.stopped) await this.sleep(delay)
    }
    this.setConnected(false)
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(done, ms)
      t.unref?.()
      function done() {
        clearTimeout(t)
        resolve()
      }
      this.wake = done
    }).finally(() => {
      this.wake = null
    })
  }

  private async list(): Promise<void> {
    const fresh = new Map<string, ResourceMap[K]>()
    let cont = ''
    let rv = ''
    do {
      const q = new URLSearchParams({ limit: String(this.opts.pageSize ?? 500) })
      if (cont) q.set('continue', cont)
      const res = await this.transport.get(`${this.desc.path}?${q}`, 60_000)
      if (this.stopped) return
      if (res.status === 410) throw new GoneError('continue token expired')
      if (res.status === 404) {
        // The resource (a CRD) is not installed on this cluster: an empty, synced list.
        const message = `HTTP 404: ${this.desc.path} is not served by ${this.cluster}`
        this.status.served = false
        this.status.lastError = message
        this.status.lastErrorAt = this.stamp()
        this.finishList(fresh, '')
        throw new Error(message)
      }
      if (res.status !== 200)
        throw new Error(`HTTP ${res.status} listing ${this.desc.path}${statusMessage(res.body)}`)
      this.status.served = true
      const body = (res.body ?? {}) as {
        items?: unknown[]
        metadata?: { continue?: string; resourceVersion?: string }
      }
      for (const item of body.items ?? []) fresh.set(objectKey(item), this.project(item))
      cont = body.metadata?.continue ?? ''
      rv = body.metadata?.resourceVersion ?? rv
    } while (cont && !this.stopped)
    this.finishList(fresh, rv)
  }

  private finishList(fresh: Map<string, ResourceMap[K]>, rv: string): void {
    if (this.desc.maxItems && fresh.size > this.desc.maxItems) fresh = newest(fresh, this.desc.maxItems)
    this.store = fresh
    this.rv = rv
    this.status.items = fresh.size
    this.status.synced = true
    this.status.lastEventAt = this.status.lastHealthyAt = this.stamp()
    this.opts.onChange(this.desc.kind, false)
    for (const w of this.syncedWaiters.splice(0)) w()
  }

  /** One watch request; true when the server ended it normally. */
  private async watch(): Promise<boolean> {
    const [min, max] = this.opts.watchSeconds ?? [30, 60]
    const timeout = watchTimeoutSeconds(min, max)
    const q = new URLSearchParams({
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: this.rv,
      timeoutSeconds: String(timeout),
    })
    const res = await this.transport.stream(`${this.desc.path}?${q}`, (timeout + 30) * 1000)
    this.closeCurrent = res.close
    try {
      if (res.status !== 200) {
        const text = await readAll(res.body)
        if (res.status === 410) throw new GoneError('resourceVersion too old')
        throw new Error(`HTTP ${res.status} watching ${this.desc.path}${statusMessage(safeJson(text))}`)
      }
      this.setConnected(true)
      this.status.lastHealthyAt = this.stamp()
      const parser = new NdjsonParser()
      for await (const chunk of res.body) {
        for (const ev of parser.push(chunk)) this.apply(ev as WatchEvent)
        if (this.stopped) return true
      }
      for (const ev of parser.end()) this.apply(ev as WatchEvent)
      this.status.lastHealthyAt = this.stamp()
      return true
    } finally {
      this.closeCurrent = null
    }
  }

  private apply(ev: WatchEvent): void {
    const obj = ev.object
    const now = this.stamp()
    this.status.lastEventAt = this.status.lastHealthyAt = now
    switch (ev.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const key = objectKey(obj)
        const next = this.project(obj)
        const prev = this.store.get(key)
        if (prev !== undefined && sameJson(prev, next) && !this.desc.maxItems) {
          // A change we do not keep (node heartbeats, pod status details): no new version, so
          // pollers and memoised views stay put.
          if (obj?.metadata?.resourceVersion) this.rv = obj.metadata.resourceVersion
          return
        }
        if (this.desc.maxItems) this.store.delete(key) // re-insert at the end: the Map is oldest-first
        this.store.set(key, next)
        if (this.desc.maxItems && this.store.size > this.desc.maxItems) {
          const oldest = this.store.keys().next()
          if (!oldest.done) this.store.delete(oldest.value)
        }
        break
      }
      case 'DELETED':
        this.store.delete(objectKey(obj))
        break
      case 'BOOKMARK':
        break
      case 'ERROR':
        if (obj?.code === 410) throw new GoneError(obj.message ?? 'Gone')
        throw new Error(
          `watch error ${obj?.code ?? ''} ${obj?.reason ?? ''}: ${obj?.message ?? ''}`.slice(0, 300),
        )
      default:
        return
    }
    const rv = obj?.metadata?.resourceVersion
    if (rv) this.rv = rv
    if (ev.type === 'BOOKMARK') return
    this.status.items = this.store.size
    this.opts.onChange(this.desc.kind, false)
  }
}

/** Deep equality of plain JSON values (projections): same keys, same order-insensitive objects. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  )
}

function newest<T>(m: Map<string, T>, n: number): Map<string, T> {
  const stampOf = (v: T) => (v as { lastTimestamp?: string | null }).lastTimestamp ?? ''
  const sorted = [...m.entries()].sort((a, b) => stampOf(a[1]).localeCompare(stampOf(b[1])))
  return new Map(sorted.slice(-n))
}

async function readAll(body: AsyncIterable<Buffer | string>): Promise<string> {
  let text = ''
  for await (const c of body) {
    text += typeof c === 'string' ? c : c.toString('utf8')
    if (text.length > 64 * 1024) break
  }
  return text
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function statusMessage(body: unknown): string {
  const m = (body as { message?: unknown } | null)?.message
  return typeof m === 'string' ? `: ${m.slice(0, 200)}` : ''
}
