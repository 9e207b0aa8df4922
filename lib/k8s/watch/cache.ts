import 'server-only'
import { clusterNames } from '@/lib/k8s/clusters'
import { log } from '@/lib/observability/log'
import { registerWatchMetrics } from './metrics'
import { Reflector, type ReflectorOptions } from './reflector'
import { RESOURCES, SCOPES, type Scope } from './resources'
import { httpsTransport, type Transport } from './transport'
import {
  type FleetCluster,
  RESOURCE_KINDS,
  type ClusterStatus,
  type ResourceKind,
  type ResourceMap,
  type ResourceStatus,
} from './types'

type Reflectors = { [K in ResourceKind]: Reflector<K> }

export interface WatchCacheOptions extends Partial<Omit<ReflectorOptions, 'onChange'>> {
  clusters: string[]
  transport: (cluster: string) => Transport
}

/** A Map's values, iterable any number of times (a bare `values()` iterator is single-use). */
function values<T>(m: () => Map<string, T>): Iterable<T> {
  return { [Symbol.iterator]: () => m().values() }
}

/** Both stores' values in turn, re-iterable: one kind served under two API groups. */
function concat<T>(...maps: (() => Map<string, T>)[]): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      for (const m of maps) yield* m().values()
    },
  }
}

/**
 * One list-then-watch cache per process, shared by every user: per cluster, one Reflector per
 * resource. Reads are plain in-memory lookups; `version` and `scopeVersion()` change on every
 * update so pollers can skip unchanged data cheaply.
 */
export class WatchCache {
  /** Incremented on any change of any cluster, resource or connection state. */
  version = 0
  private readonly counters = new Map<ResourceKind | 'status', number>()
  private readonly byCluster = new Map<string, Reflectors>()
  private started = false
  /** When start() ran (ms since epoch); 0 before. */
  startedAt = 0

  constructor(private readonly opts: WatchCacheOptions) {
    for (const name of opts.clusters) {
      const transport = opts.transport(name)
      const reflectorOpts: ReflectorOptions = {
        ...opts,
        onChange: (kind, statusOnly) => this.bump(kind, statusOnly),
      }
      const r = {} as Record<ResourceKind, Reflector<ResourceKind>>
      for (const kind of RESOURCE_KINDS)
        r[kind] = new Reflector(name, RESOURCES[kind], transport, reflectorOpts)
      this.byCluster.set(name, r as unknown as Reflectors)
    }
  }

  private bump(kind: ResourceKind, statusOnly: boolean): void {
    this.version++
    const key = statusOnly ? 'status' : kind
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1)
  }

  start(): this {
    if (this.started) return this
    this.started = true
    this.startedAt = Date.now()
    for (const r of this.byCluster.values()) for (const kind of RESOURCE_KINDS) r[kind].start()
    return this
  }

  stop(): void {
    for (const r of this.byCluster.values()) for (const kind of RESOURCE_KINDS) r[kind].stop()
  }

  clusterNames(): string[] {
    return [...this.byCluster.keys()]
  }

  /** Changes when any resource a view depends on (or any connection state) changes. */
  scopeVersion(scope: Scope): number {
    let v = this.counters.get('status') ?? 0
    for (const kind of SCOPES[scope]) v += this.counters.get(kind) ?? 0
    return v
  }

  /**
   * Resolves true once every resource of the given clusters listed at least once, false on
   * timeout (a cluster that is down never syncs; callers render what they have).
   */
  async whenSynced(opts: { timeoutMs?: number; clusters?: string[] } = {}): Promise<boolean> {
    const names = opts.clusters ?? this.clusterNames()
    const all = names.flatMap((n) => {
      const r = this.byCluster.get(n)
      return r ? RESOURCE_KINDS.map((k) => r[k].whenSynced()) : []
    })
    const done = Promise.all(all).then(() => true)
    if (opts.timeoutMs === undefined) return done
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), opts.timeoutMs)
    })
    try {
      return await Promise.race([done, timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Staleness of every cluster × resource. */
  cacheStatus(): ResourceStatus[] {
    const out: ResourceStatus[] = []
    for (const r of this.byCluster.values())
      for (const kind of RESOURCE_KINDS) out.push({ ...r[kind].status })
    return out
  }

  clusterStatuses(): ClusterStatus[] {
    return this.clusterNames().map((name) => this.clusterStatus(name))
  }

  clusterStatus(name: string): ClusterStatus {
    const r = this.byCluster.get(name)
    const statuses = r ? RESOURCE_KINDS.map((k) => r[k].status) : []
    const relevant = statuses.filter((s) => s.served)
    const connected = relevant.length > 0 && relevant.every((s) => s.connected)
    const synced = statuses.length > 0 && statuses.every((s) => s.synced)
    let dataAsOf: string | null = null
    if (synced) {
      dataAsOf = connected
        ? new Date().toISOString()
        : relevant.reduce<string | null>(
            (min, s) =>
              !s.connected && s.lastHealthyAt && (!min || s.lastHealthyAt < min) ? s.lastHealthyAt : min,
            null,
          )
    }
    const failing = relevant.find((s) => !s.connected && s.lastError)
    return { cluster: name, synced, connected, dataAsOf, error: failing?.lastError ?? null }
  }

  /** The objects of one resource on one cluster (live Map: do not mutate). */
  store<K extends ResourceKind>(cluster: string, kind: K): ReadonlyMap<string, ResourceMap[K]> {
    const r = this.byCluster.get(cluster)
    return r ? (r[kind].store as Map<string, ResourceMap[K]>) : new Map()
  }

  /** What the pure fleet functions read; `only` limits to one cluster (the cluster picker). */
  fleet(only?: string | null): FleetCluster[] {
    return this.clusterNames()
      .filter((n) => !only || n === only)
      .map((name) => {
        const r = this.byCluster.get(name)!
        return {
          name,
          status: this.clusterStatus(name),
          nodes: values(() => r.nodes.store),
          pods: values(() => r.pods.store),
          deployments: values(() => r.deployments.store),
          replicasets: values(() => r.replicasets.store),
          resourceslices: values(() => r.resourceslices.store),
          resourceclaims: values(() => r.resourceclaims.store),
          inferencepools: values(() => r.inferencepools.store),
          inferenceobjectives: concat(
            () => r.inferenceobjectives.store,
            () => r.xinferenceobjectives.store,
          ),
          objectivesServed: r.inferenceobjectives.status.served || r.xinferenceobjectives.status.served,
          httproutes: values(() => r.httproutes.store),
          services: values(() => r.services.store),
          referencegrants: values(() => r.referencegrants.store),
          namespaces: values(() => r.namespaces.store),
        }
      })
  }
}

const g = globalThis as unknown as { aireWatchCache?: WatchCache }

/** The process-wide cache, created and started on first use. */
export function watchCache(): WatchCache {
  if (!g.aireWatchCache) {
    const names = clusterNames()
    g.aireWatchCache = new WatchCache({ clusters: names, transport: httpsTransport }).start()
    registerWatchMetrics(() => g.aireWatchCache?.cacheStatus() ?? [])
    log.info('watch cache started', { clusters: names })
  }
  return g.aireWatchCache
}

/** For tests and benchmarks: stop every watch and forget the cache. */
export function stopWatchCache(): void {
  g.aireWatchCache?.stop()
  g.aireWatchCache = undefined
}

export function cacheStatus(): ResourceStatus[] {
  return watchCache().cacheStatus()
}
