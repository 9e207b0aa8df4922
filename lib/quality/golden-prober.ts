import 'server-only'
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { onDrain } from '@/lib/process/drain'
import { log } from '@/lib/observability/log'
import { compileCheck } from '@/lib/quality/golden/checks'
import { enabledGoldenSets, type GoldenSetView } from '@/lib/quality/store/golden-sets'
import {
  acquireProberLease,
  releaseProberLease,
  saveProberRound,
  saveProberStop,
} from '@/lib/quality/store/prober-state'
import { recordRound } from '@/lib/quality/store/results'
import { askChat } from './prober/chat-client'
import { proberConfig, type ProberConfig } from './prober/config'
import { fleetTargets } from './prober/fleet-targets'
import { limitersPerModel } from './prober/limiter'
import { evaluationRecord } from './prober/otlp'
import { createOtlpExporter, type OtlpExporter } from './prober/otlp-exporter'
import { runRound, type ProbeSet, type RoundResult } from './prober/round'
import type { ProbeTarget } from './prober/target'

/**
 * The golden-set prober: every interval, the replica holding the lease (one per deployment, in
 * the database) probes every enabled golden set against every version of its model, records the
 * summary and the failing answers, and sends each outcome as a `gen_ai.evaluation.result` event
 * over OTLP. Replicas without the lease only wait for it to lapse. docs/GOLDEN-SETS.md.
 */

export interface GoldenProberOptions {
  holder?: string
  config?: ProberConfig
  /** Where each set's versions are; default: the watch cache (fleet-targets.ts). */
  targetsFor?: (set: ProbeSet) => Promise<ProbeTarget[]>
  fetch?: typeof fetch
}

export interface GoldenProber {
  holder: string
  exporter: OtlpExporter
  /** One round if this replica holds (or wins) the lease; null otherwise. */
  runOnce(): Promise<RoundResult | null>
  /** Polls every interval; stop() waits for a round in progress and hands the lease back. */
  start(): void
  stop(): Promise<void>
}

/** Checks compile once per set revision (a 1 MB schema is not compiled every minute). */
function compiler() {
  const cache = new Map<string, ProbeSet>()
  return (s: GoldenSetView): ProbeSet => {
    const key = `${s.id}@${s.revision}`
    let set = cache.get(key)
    if (!set) {
      const prompts = s.prompts.flatMap((p) => {
        try {
          return [{ position: p.position, prompt: p.prompt, check: compileCheck(p.check) }]
        } catch (e) {
          log.warn('golden prompt skipped: its check does not compile', {
            set: s.name,
            position: p.position,
            error: e,
          })
          return []
        }
      })
      set = { id: s.id, name: s.name, model: s.model, revision: s.revision, prompts }
      for (const k of cache.keys()) if (k.startsWith(`${s.id}@`)) cache.delete(k)
      cache.set(key, set)
    }
    return set
  }
}

export function createGoldenProber(opts: GoldenProberOptions = {}): GoldenProber {
  const config = opts.config ?? proberConfig()
  const holder = opts.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const ttlMs = Math.max(30_000, 3 * config.intervalMs)
  const exporter = createOtlpExporter({
    endpoint: config.otlpEndpoint,
    resource: { serviceName: 'aire-console', serviceInstanceId: holder },
    maxBuffer: config.otlpBuffer,
    fetch: opts.fetch,
  })
  const limiterFor = limitersPerModel({
    concurrency: config.concurrency,
    ratePerSecond: config.ratePerSecond,
  })
  const compile = compiler()
  const targetsFor = opts.targetsFor ?? ((s: ProbeSet) => fleetTargets(s.model, config.targets))
  let saved = { sent: 0, dropped: 0 }

  async function runOnce(): Promise<RoundResult | null> {
    if (!(await acquireProberLease(holder, ttlMs))) {
      await exporter.flush()
      return null
    }
    // A long round keeps its lease: renewed every third of the TTL while it runs.
    const renew = setInterval(() => void acquireProberLease(holder, ttlMs).catch(() => undefined), ttlMs / 3)
    renew.unref?.()
    const t0 = performance.now()
    let error: string | null = null
    let result: RoundResult | null = null
    try {
      const sets = (await enabledGoldenSets()).map(compile)
      result = await runRound(sets, {
        targetsFor,
        ask: (t, prompt) =>
          askChat(t, prompt, {
            timeoutMs: config.timeoutMs,
            maxTokens: config.maxTokens,
            bearerToken: config.bearerToken,
            fetch: opts.fetch,
          }),
        limiterFor,
        emit: (events) => exporter.enqueue(events.map((e) => evaluationRecord(e))),
        now: Date.now,
      })
      await recordRound(result, new Date())
      if (result.unresolved.length > 0) error = `versions not listed: ${result.unresolved[0]!.error}`
    } catch (e) {
      error = e instanceof Error ? e.message : String(e)
      log.warn('golden prober round failed', { holder, error })
    } finally {
      clearInterval(renew)
    }
    await exporter.flush()
    const stats = exporter.stats()
    await saveProberRound(holder, { at: new Date(), ms: performance.now() - t0, error }, stats, saved).catch(
      (e: unknown) => log.warn('golden prober state not saved', { error: e }),
    )
    saved = { sent: stats.sent, dropped: stats.dropped }
    return result
  }

  let stopped = true
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> = Promise.resolve()
  const tick = () => {
    running = runOnce()
      .catch((e: unknown) => log.warn('golden prober round failed', { holder, error: e }))
      .finally(() => {
        if (stopped) return
        timer = setTimeout(tick, config.intervalMs)
        timer.unref?.()
      })
  }

  return {
    holder,
    exporter,
    runOnce,
    start() {
      if (!stopped) return
      stopped = false
      timer = setTimeout(tick, 0)
      timer.unref?.()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      // A stopping replica has seconds, not a round's length: the lease is handed back either way,
      // and a few probes the next holder repeats cost less than minutes without a prober.
      await Promise.race([running, new Promise((r) => setTimeout(r, STOP_WAIT_MS).unref())])
      await exporter.flush()
      await saveProberStop(holder, exporter.stats(), saved).catch(() => undefined)
      saved = { sent: exporter.stats().sent, dropped: exporter.stats().dropped }
      await releaseProberLease(holder).catch(() => undefined)
    },
  }
}

const KEY = Symbol.for('aire.goldenProber')
const STOP_WAIT_MS = 3_000
type WithProber = typeof globalThis & { [KEY]?: GoldenProber }

/** Started by instrumentation.ts when AIRE_GOLDEN_PROBER=on; one per server process. */
export function ensureGoldenProber(): GoldenProber | null {
  let config: ProberConfig
  try {
    config = proberConfig()
  } catch (e) {
    // A mistyped prober setting must not keep the console from starting; it says so instead.
    log.error('golden prober not started: invalid AIRE_PROBER_* / AIRE_OTLP_ENDPOINT setting', { error: e })
    return null
  }
  if (!config.enabled) return null
  const g = globalThis as WithProber
  if (!g[KEY]) {
    g[KEY] = createGoldenProber({ config })
    g[KEY].start()
    // On SIGTERM, with the other drain work (lib/process/drain.ts, installed by on-start).
    onDrain(() => g[KEY]?.stop())
    log.info('golden prober started', { holder: g[KEY].holder, intervalMs: config.intervalMs })
  }
  return g[KEY]
}
