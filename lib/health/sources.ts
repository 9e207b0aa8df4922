import 'server-only'
import { db } from '@/lib/db/client'
import { clusterNames } from '@/lib/k8s/clusters'
import { k8sRequest } from '@/lib/k8s/request'

export interface SourceStatus {
  /** 'database' | 'prometheus' | `cluster:<name>` */
  source: string
  ok: boolean
  configured: boolean
  checkedAt: string
  lastOkAt: string | null
  /** when this process first saw the source fail since it last answered (null while it answers) */
  downSince: string | null
  error?: string
}

const TTL_MS = 5_000
const MAX_STALE_MS = 30_000
const state = (globalThis as unknown as { aireSources?: Map<string, SourceStatus> }).aireSources ?? new Map()
;(globalThis as unknown as { aireSources?: Map<string, SourceStatus> }).aireSources = state
let inflight: Promise<SourceStatus[]> | null = null

async function probe(source: string, configured: boolean, check: () => Promise<void>): Promise<SourceStatus> {
  const now = new Date().toISOString()
  const prev = state.get(source)
  if (!configured) {
    const s = { source, ok: false, configured, checkedAt: now, lastOkAt: null, downSince: null }
    state.set(source, s)
    return s
  }
  try {
    await check()
    const s = { source, ok: true, configured, checkedAt: now, lastOkAt: now, downSince: null }
    state.set(source, s)
    return s
  } catch (e) {
    const s: SourceStatus = {
      source,
      ok: false,
      configured,
      checkedAt: now,
      lastOkAt: prev?.lastOkAt ?? null,
      downSince: prev && !prev.ok && prev.downSince ? prev.downSince : now,
      error: e instanceof Error ? e.message.slice(0, 200) : 'unreachable',
    }
    state.set(source, s)
    return s
  }
}

async function checkAll(): Promise<SourceStatus[]> {
  const prom = process.env.PROMETHEUS_URL
  const checks = [
    probe('database', true, async () => {
      await db().$queryRawUnsafe('SELECT 1')
    }),
    probe('prometheus', Boolean(prom), async () => {
      const res = await fetch(new URL('/api/v1/status/buildinfo', prom), {
        signal: AbortSignal.timeout(3000),
      })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
    }),
    ...clusterNames().map((name) =>
      probe(`cluster:${name}`, true, async () => {
        const r = await k8sRequest(name, { method: 'GET', path: '/readyz', timeoutMs: 3000 })
        if (r.status !== 200) throw new Error(`readyz ${r.status}`)
      }),
    ),
  ]
  return Promise.all(checks)
}

/**
 * Reachability and data age of every source, probed at most every few seconds per process. Past
 * the TTL the last answer is served while a probe runs in the background: a hung source (a probe
 * waits up to 3 s) must not stall every page, /readyz or the status chips. Only an answer older
 * than MAX_STALE_MS (or none yet) waits for the probe.
 */
export async function sourceStatuses(): Promise<SourceStatus[]> {
  const all = [...state.values()]
  const oldest = all.reduce((m, s) => Math.max(m, Date.now() - Date.parse(s.checkedAt)), 0)
  const known = all.length > 0 && state.has('database')
  if (known && oldest < TTL_MS) return sortSources(all)
  const probing = (inflight ??= checkAll().finally(() => {
    inflight = null
  }))
  if (known && oldest < MAX_STALE_MS) {
    probing.catch(() => {}) // each probe records its own failure
    return sortSources(all)
  }
  return sortSources(await probing)
}

function sortSources(list: SourceStatus[]): SourceStatus[] {
  return [...list].sort((a, b) => a.source.localeCompare(b.source))
}

/**
 * Since when Prometheus has not answered this process (null while it answers or when it is not
 * configured): pages that read metrics say so at once, without waiting for the cost roll-up.
 */
export async function prometheusDownSince(): Promise<string | null> {
  const prom = (await sourceStatuses()).find((s) => s.source === 'prometheus')
  return prom && prom.configured && !prom.ok ? prom.downSince : null
}
