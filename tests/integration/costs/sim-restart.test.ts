import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTokenTruth } from '@/dev/sim/ground-truth'
import { startSloStack, type SloStack } from '@/harness/slo-stack'

/**
 * A restart of the traffic simulator is a real counter reset: its counters start again from zero
 * while Prometheus keeps the history. On a private stack (own ports and directories, a quarter of
 * an hour of history, the seeded fleet plan) the simulator runs, stops, restarts and stops again;
 * the ledger rolled up to the last scrape must then hold what the simulator's ground truth says it
 * exposed. Runs once (SQLite run): it does not depend on the database.
 */
const url = process.env.DATABASE_URL ?? 'file:./.aire/test.db'
process.env.DATABASE_URL = url
const NAME = 'costs-restart'
const dir = resolve('.aire', NAME)
const ports = { simPort: 19107, promPort: 19097 }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const HOUR = 3600e3

let stack: SloStack | null = null
let db: typeof import('@/lib/db/client').db | null = null
let savedPrometheus: string | undefined

async function clearLedger() {
  const d = db!
  await d().tokenUsageHour.deleteMany()
  await d().gpuUsageHour.deleteMany()
  await d().costDay.deleteMany()
  await d().gpuCostDay.deleteMany()
  await d().costDayTeam.deleteMany()
  await d().costDayModel.deleteMany()
  await d().rollupHour.deleteMany()
  await d().costJob.deleteMany()
}

async function stopSim() {
  const pidFile = join(dir, 'sim', 'sim.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8'))
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  for (let i = 0; i < 40; i++) {
    try {
      process.kill(pid, 0)
    } catch {
      return
    }
    await sleep(250)
  }
}

describe.skipIf(!url.startsWith('file:'))('cost ledger across a simulator restart', () => {
  beforeAll(async () => {
    savedPrometheus = process.env.PROMETHEUS_URL
    const { migrate } = await import('@/lib/db/migrate')
    await migrate(url)
    ;({ db } = await import('@/lib/db/client'))
    await clearLedger()
    const opts = { scenario: 'dev/sim/scenarios/test.json', days: 0.01, name: NAME, ...ports }
    const first = await startSloStack(opts)
    await sleep(12_000)
    // Prometheus stops first, then the simulator: its last ticks after the final scrape are lost.
    await first.stop()
    stack = await startSloStack({ ...opts, reuse: true })
    await sleep(12_000)
    // Stop the simulator only: Prometheus stays to be rolled up from.
    await stopSim()
    // Past one scrape interval: the series are marked stale, as after any real target loss.
    await sleep(6_000)
  }, 300_000)

  afterAll(async () => {
    await stack?.stop()
    if (db) await clearLedger()
    process.env.PROMETHEUS_URL = savedPrometheus
  })

  it('counts the tokens on both sides of the reset: ledger = exposed ground truth within 0.25%', async () => {
    process.env.PROMETHEUS_URL = stack!.promUrl
    const { instantQuery } = await import('@/lib/metrics/prometheus')
    const { rollUp } = await import('@/lib/cost/rollup')
    const series = 'gen_ai_client_token_usage_sum'
    // Once the stopped simulator misses a scrape, Prometheus marks its series stale and a plain
    // instant query finds nothing; the subquery looks back past the marker to the last real sample.
    const last = await instantQuery(`max(max_over_time(timestamp(${series})[10m:1s]))`, new Date())
    expect(last.length).toBe(1)
    const lastScrape = last[0]!.value * 1000
    const resets = await instantQuery(`sum(resets(${series}[1h]))`, new Date(lastScrape))
    expect(resets[0]?.value ?? 0).toBeGreaterThan(0)

    const history = JSON.parse(readFileSync(join(dir, 'sim', 'history.json'), 'utf8')) as { startMs: number }
    // Rolled up as of the last scrape (plus a second: windows are whole seconds).
    const r = await rollUp({
      since: new Date(history.startMs),
      now: new Date(Math.ceil(lastScrape / 1000) * 1000),
    })
    expect(r.status).toBe('ok')
    const from = Math.floor(history.startMs / HOUR) * HOUR
    const ledger = await db!().tokenUsageHour.aggregate({
      where: { hour: { gte: new Date(from) } },
      _sum: { tokens: true },
    })
    const truth = readTokenTruth(join(dir, 'sim')).reduce((a, t) => a + t.tokens, 0)
    expect(truth).toBeGreaterThan(0)
    const got = ledger._sum.tokens ?? 0
    // Tighter than the 0.5% per day: this is a quarter of an hour, so ticks the simulator
    // counted but no scrape saw (a stop, then the restart) would already show (-0.39% before the
    // simulator stopped counting them; +0.05% since).
    expect(Math.abs(got - truth) / truth, `ledger ${Math.round(got)}, truth ${truth}`).toBeLessThan(0.0025)
  })
})
