import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readGpuTruth, readTokenTruth } from '@/dev/sim/ground-truth'
import { micros } from '@/lib/cost/money'
import { tokenCostMicros } from '@/lib/cost/prices'
import { metricsStack } from './stack'

const url = process.env.DATABASE_URL ?? 'file:./.aire/test.db'
process.env.DATABASE_URL = url
const stack = metricsStack()
process.env.PROMETHEUS_URL = stack.prometheus

const HOUR = 3600e3
const DAY = 24 * HOUR
let db: typeof import('@/lib/db/client').db
let cost: typeof import('@/lib/cost/rollup')
let recompute: typeof import('@/lib/cost/recompute')
let reports: typeof import('@/lib/cost/reports')
/**
 * The ledger is compared on whole hours from the first full UTC day of history up to `until`: the
 * end of the last hour the roll-up has made final, i.e. closed, settled and scraped past its end.
 * The last day compared is usually today's partial day (none right after UTC midnight).
 */
let from: number
let until: number

async function clearLedger() {
  await db().tokenUsageHour.deleteMany()
  await db().gpuUsageHour.deleteMany()
  await db().costDay.deleteMany()
  await db().gpuCostDay.deleteMany()
  await db().costDayTeam.deleteMany()
  await db().costDayModel.deleteMany()
  await db().rollupHour.deleteMany()
  await db().costJob.deleteMany()
}

async function ledgerTotals(): Promise<Map<string, number>> {
  const rows = await db().tokenUsageHour.groupBy({
    by: ['hour', 'team', 'model'],
    where: { hour: { gte: new Date(from), lt: new Date(until) } },
    _sum: { tokens: true },
  })
  const m = new Map<string, number>()
  for (const r of rows) {
    const k = `${r.hour.toISOString().slice(0, 10)} ${r.team} ${r.model}`
    m.set(k, (m.get(k) ?? 0) + (r._sum.tokens ?? 0))
  }
  return m
}

function truthTotals(): Map<string, number> {
  const m = new Map<string, number>()
  for (const r of readTokenTruth(stack.simDir)) {
    const h = Date.parse(r.hour)
    if (h < from || h >= until) continue
    const k = `${r.hour.slice(0, 10)} ${r.team} ${r.model}`
    m.set(k, (m.get(k) ?? 0) + r.tokens)
  }
  return m
}

beforeAll(async () => {
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(url)
  ;({ db } = await import('@/lib/db/client'))
  cost = await import('@/lib/cost/rollup')
  recompute = await import('@/lib/cost/recompute')
  reports = await import('@/lib/cost/reports')
  await clearLedger()
  // Prices for every model and GPU product the simulator serves, so costs are not zero.
  const since = new Date('2020-01-01T00:00:00Z')
  await db().modelPrice.deleteMany({ where: { createdBy: 'test' } })
  await db().gpuPrice.deleteMany({ where: { createdBy: 'test' } })
  for (const model of new Set(readTokenTruth(stack.simDir).map((r) => r.model))) {
    await db().modelPrice.deleteMany({ where: { model } })
    await db().modelPrice.create({
      data: {
        model,
        effectiveFrom: since,
        inputMicrosPerM: 400_000n,
        outputMicrosPerM: 1_200_000n,
        cachedMicrosPerM: 100_000n,
        createdBy: 'test',
      },
    })
  }
  for (const product of new Set(readGpuTruth(stack.simDir).map((r) => r.product))) {
    await db().gpuPrice.deleteMany({ where: { product } })
    await db().gpuPrice.create({
      data: { product, effectiveFrom: since, microsPerHour: 2_500_000n, createdBy: 'test' },
    })
  }
  from = Math.ceil(stack.startMs / DAY) * DAY
  const r = await cost.rollUp({ since: new Date(stack.startMs) })
  expect(r.status).toBe('ok')
  until = await finalUntil(from)
})

/** End of the run of final hours that starts at `start`. */
async function finalUntil(start: number): Promise<number> {
  const final = await db().rollupHour.findMany({
    where: { hour: { gte: new Date(start) }, status: 'final' },
    select: { hour: true },
    orderBy: { hour: 'asc' },
  })
  let end = start
  for (const f of final) {
    if (f.hour.getTime() !== end) break
    end += HOUR
  }
  return end
}

function hourTotals(rows: { hour: Date | string; tokens: number }[]): Map<number, number> {
  const m = new Map<number, number>()
  for (const r of rows) {
    const h = typeof r.hour === 'string' ? Date.parse(r.hour) : r.hour.getTime()
    m.set(h, (m.get(h) ?? 0) + r.tokens)
  }
  return m
}

afterAll(async () => {
  process.env.PROMETHEUS_URL = stack.prometheus
})

describe(`cost ledger (${url.split(':')[0]})`, () => {
  it('equals the simulator’s ground truth per team × model × day within 0.5%, today’s partial day included', async () => {
    const truth = truthTotals()
    const ledger = await ledgerTotals()
    expect(truth.size).toBeGreaterThanOrEqual(7)
    // Everything final up to at most two hours ago (one settling, one in progress) is compared.
    expect(until).toBeGreaterThanOrEqual(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR)
    if (until % DAY !== 0) {
      const today = new Date(Math.floor(until / DAY) * DAY).toISOString().slice(0, 10)
      expect([...truth.keys()].some((k) => k.startsWith(today))).toBe(true)
    }
    const off: string[] = []
    for (const [k, v] of truth) {
      const l = ledger.get(k) ?? 0
      if (Math.abs(l - v) > 0.005 * v) off.push(`${k}: truth ${v}, ledger ${Math.round(l)}`)
    }
    expect(off).toEqual([])
    // and nothing in the ledger that the simulator did not send
    for (const k of ledger.keys()) expect(truth.has(k), k).toBe(true)
  })

  it('splits a scrape gap at an hour boundary by time: the hours either side match the truth', async () => {
    // The history has a 14-minute scrape gap around 13:00 UTC every day (dev/sim/backfill.ts).
    const { findGaps } = await import('@/lib/cost/scrape-gaps')
    const boundaries: number[] = []
    for (let h = from; h < until; h += HOUR) boundaries.push(h)
    const found = await findGaps('gen_ai_client_token_usage_sum', boundaries)
    // one entry per cluster; the check is per boundary
    const gaps = [...new Set(found.filter((g) => g.after).map((g) => g.at))].map((at) => ({ at }))
    expect(gaps.length).toBeGreaterThanOrEqual(1)
    const ledger = hourTotals(
      (
        await db().tokenUsageHour.groupBy({
          by: ['hour'],
          where: { hour: { gte: new Date(from), lt: new Date(until) } },
          _sum: { tokens: true },
        })
      ).map((r) => ({ hour: r.hour, tokens: r._sum.tokens ?? 0 })),
    )
    const truth = hourTotals(readTokenTruth(stack.simDir))
    const off: string[] = []
    for (const g of gaps) {
      for (const h of [g.at - HOUR, g.at]) {
        if (h < from || h >= until) continue
        const t = truth.get(h) ?? 0
        const l = ledger.get(h) ?? 0
        if (Math.abs(l - t) > 0.005 * t)
          off.push(`${new Date(h).toISOString()}: truth ${t}, ledger ${Math.round(l)}`)
      }
    }
    expect(off).toEqual([])
  })

  it('counts across counter resets: hours with a gateway restart match the truth within 0.5%', async () => {
    // Each cluster's gateway restarts once a day in the history; a simulator restart is one too.
    const { instantQuery } = await import('@/lib/metrics/prometheus')
    const withReset: number[] = []
    for (let h = from; h < until; h += HOUR) {
      const r = await instantQuery('sum(resets(gen_ai_client_token_usage_sum[1h]))', new Date(h + HOUR))
      if ((r[0]?.value ?? 0) > 0) withReset.push(h)
    }
    expect(withReset.length).toBeGreaterThanOrEqual(2)
    const truth = hourTotals(readTokenTruth(stack.simDir))
    for (const h of withReset) {
      const agg = await db().tokenUsageHour.aggregate({
        where: { hour: new Date(h) },
        _sum: { tokens: true },
      })
      const t = truth.get(h) ?? 0
      expect(Math.abs((agg._sum.tokens ?? 0) - t), new Date(h).toISOString()).toBeLessThanOrEqual(0.005 * t)
    }
  })

  it('GPU-hours per namespace × product × day match the ground truth within 2%', async () => {
    const rows = await db().gpuUsageHour.groupBy({
      by: ['hour', 'namespace', 'product'],
      where: { hour: { gte: new Date(from), lt: new Date(until) } },
      _sum: { gpuHours: true },
    })
    const ledger = new Map<string, number>()
    for (const r of rows) {
      const k = `${r.hour.toISOString().slice(0, 10)} ${r.namespace} ${r.product}`
      ledger.set(k, (ledger.get(k) ?? 0) + (r._sum.gpuHours ?? 0))
    }
    const truth = new Map<string, number>()
    for (const r of readGpuTruth(stack.simDir)) {
      const h = Date.parse(r.hour)
      if (h < from || h >= until) continue
      const k = `${r.hour.slice(0, 10)} ${r.namespace} ${r.product}`
      truth.set(k, (truth.get(k) ?? 0) + r.gpuHours)
    }
    expect(truth.size).toBeGreaterThan(0)
    for (const [k, v] of truth) expect(Math.abs((ledger.get(k) ?? 0) - v) / v, k).toBeLessThan(0.02)
  })

  it('idle GPU cost: allocated hours the GPUs were not busy, and every hour of GPUs no pod holds', async () => {
    const days = { from: new Date(from), to: new Date(Math.floor(until / DAY) * DAY) }
    const idle = await reports.idleGpuCost(days)
    expect(idle.length).toBeGreaterThan(0)
    for (const r of idle) {
      // at the test's GPU price (2.5 per hour, in micro-units), to the cent: each hour rounds once
      expect(
        Math.abs(r.idleCost - (r.gpuHours - r.busyHours) * 2.5e6),
        `${r.team} ${r.product}`,
      ).toBeLessThan(5_000)
      expect(Number.isInteger(r.idleCost) && Number.isInteger(r.cost)).toBe(true)
      expect(r.idleCost).toBeLessThanOrEqual(r.cost)
    }
    const allocated = idle.filter((r) => r.team !== reports.UNALLOCATED)
    expect(allocated.some((r) => r.idleCost > 0 && r.idleCost < r.cost)).toBe(true)
    // GPUs no pod holds are idle the whole time: their cost is all idle, as long as the truth says
    const unheld = idle.filter((r) => r.team === reports.UNALLOCATED)
    const truthHours = readGpuTruth(stack.simDir)
      .filter(
        (r) =>
          r.namespace === '' &&
          Date.parse(r.hour) >= days.from.getTime() &&
          Date.parse(r.hour) < days.to.getTime(),
      )
      .reduce((a, r) => a + r.gpuHours, 0)
    if (truthHours > 0) {
      const cost = unheld.reduce((a, r) => a + r.idleCost, 0)
      expect(Math.abs(cost - truthHours * 2.5e6) / (truthHours * 2.5e6)).toBeLessThan(0.02)
      for (const r of unheld) expect(r.idleCost).toBe(r.cost)
    }
  })

  it('the per-team, per-model and per-route totals are the same number to the micro-unit', async () => {
    const days = { from: new Date(from), to: new Date(Math.floor(until / DAY) * DAY) }
    const total = (rows: { tokenCost: number; gpuCost: number; tokens: number }[]) =>
      rows.reduce((a, r) => ({ cost: a.cost + r.tokenCost + r.gpuCost, tokens: a.tokens + r.tokens }), {
        cost: 0,
        tokens: 0,
      })
    const byTeam = total(await reports.spendBy(days, 'team'))
    const byModel = total(await reports.spendBy(days, 'model'))
    const byRoute = total(await reports.spendBy(days, 'route'))
    expect(byTeam.tokens).toBeGreaterThan(0)
    expect(byTeam.cost).toBeGreaterThan(0)
    expect(Number.isInteger(byTeam.cost)).toBe(true)
    for (const other of [byModel, byRoute]) {
      // integer micro-units: any grouping adds up to exactly the same total
      expect(other.cost).toBe(byTeam.cost)
      expect(Math.round(other.tokens)).toBe(Math.round(byTeam.tokens))
    }
  })

  it('rolling up twice, concurrently or after a restart, never double counts', async () => {
    const before = await ledgerTotals()
    const [a, b] = await Promise.all([
      cost.rollUp({ since: new Date(stack.startMs) }),
      cost.rollUp({ since: new Date(stack.startMs) }),
    ])
    expect([a.status, b.status].sort()).toEqual(expect.arrayContaining(['ok']))
    expect(await ledgerTotals()).toEqual(before)
    // A replica died mid-way: some hours were never marked done. The next run fills them.
    await db().rollupHour.deleteMany({
      where: { hour: { gte: new Date(until - 6 * HOUR), lt: new Date(until) } },
    })
    const again = await cost.rollUp({ since: new Date(stack.startMs) })
    expect(again.status).toBe('ok')
    expect(again.hours).toBeGreaterThanOrEqual(6)
    expect(await ledgerTotals()).toEqual(before)
  })

  it('a price applies from its effective instant, never to an hour before it; a day is the sum of its hours', async () => {
    const model = 'meta-llama/Llama-3.1-8B-Instruct'
    const day0 = new Date(from)
    const day1 = new Date(from + DAY)
    const noon1 = new Date(from + DAY + 12 * HOUR)
    const costOf = async (d: Date) =>
      micros(
        (await db().costDay.aggregate({ where: { day: d, model }, _sum: { tokenCostMicros: true } }))._sum
          .tokenCostMicros,
      )
    /** The day's cost from the hourly ledger at `rateFor(hour)`, each hour rounded once. */
    const fromHours = async (
      d: Date,
      rateFor: (hour: Date) => { input: number; output: number; cached: number },
    ) => {
      const rows = await db().tokenUsageHour.groupBy({
        by: ['hour', 'cluster', 'team', 'model', 'route', 'tokenType'],
        where: { model, hour: { gte: d, lt: new Date(d.getTime() + DAY) } },
        _sum: { tokens: true },
      })
      const acc = new Map<string, { hour: Date; input: number; output: number; cached: number }>()
      for (const r of rows) {
        const k = `${r.hour.getTime()} ${r.cluster} ${r.team} ${r.route}`
        const a = acc.get(k) ?? { hour: r.hour, input: 0, output: 0, cached: 0 }
        const n = r._sum.tokens ?? 0
        if (r.tokenType === 'input') a.input += n
        else if (r.tokenType === 'output') a.output += n
        else a.cached += n
        acc.set(k, a)
      }
      let sum = 0
      for (const a of acc.values()) sum += tokenCostMicros(a, rateFor(a.hour))
      return sum
    }
    const base = { input: 1_000_000, output: 2_000_000, cached: 500_000 }
    const dear = { input: 10_000_000, output: 20_000_000, cached: 5_000_000 }
    await db().modelPrice.deleteMany({ where: { model } })
    await db().modelPrice.create({
      data: {
        model,
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        inputMicrosPerM: 1_000_000n,
        outputMicrosPerM: 2_000_000n,
        cachedMicrosPerM: 500_000n,
        createdBy: 'test',
      },
    })
    await recompute.recomputeFrom(new Date('2020-01-01T00:00:00Z'))
    // The database's daily cost is exactly the JS hourly costs added up (same arithmetic, same rounding).
    const before0 = await costOf(day0)
    expect(before0).toBeGreaterThan(0)
    expect(before0).toBe(await fromHours(day0, () => base))

    // Ten times dearer from noon of day 1: the morning of day 1 and all of day 0 keep the old price.
    await db().modelPrice.create({
      data: {
        model,
        effectiveFrom: noon1,
        inputMicrosPerM: 10_000_000n,
        outputMicrosPerM: 20_000_000n,
        cachedMicrosPerM: 5_000_000n,
        createdBy: 'test',
      },
    })
    await recompute.recomputeFrom(noon1)
    expect(await costOf(day0)).toBe(before0)
    const split = await fromHours(day1, (h) => (h.getTime() < noon1.getTime() ? base : dear))
    expect(await costOf(day1)).toBe(split)
    expect(split).not.toBe(await fromHours(day1, () => dear))
    // The hour-by-hour drill-down adds up to the day's row, to the micro-unit.
    const hours = await reports.hourly({ from: day1, to: new Date(day1.getTime() + DAY), model }, 'model')
    expect(hours.reduce((a, h) => a + h.tokenCost, 0)).toBe(split)
    for (const h of hours.filter((x) => Date.parse(x.hour) < noon1.getTime() && x.tokens > 0))
      expect(h.tokenCost).toBeLessThan(
        await fromHours(day1, (hr) =>
          hr.toISOString() === h.hour ? dear : { input: 0, output: 0, cached: 0 },
        ),
      )

    // The roll-up also notices prices written behind its back (seed script, SQL, another replica).
    await db().modelPrice.updateMany({
      where: { model, effectiveFrom: noon1 },
      data: {
        inputMicrosPerM: 1_000_000n,
        outputMicrosPerM: 2_000_000n,
        cachedMicrosPerM: 500_000n,
        createdAt: new Date(),
      },
    })
    await cost.rollUp({ since: new Date(stack.startMs) })
    // day1 may be today, which the roll-up has just grown: priced from its tokens, at the base price
    expect(await costOf(day1)).toBe(await fromHours(day1, () => base))
    expect(await costOf(day0)).toBe(before0)
    await db().modelPrice.deleteMany({ where: { model, createdBy: 'test' } })
    await recompute.recomputeFrom(new Date('2020-01-01T00:00:00Z'))
  })

  it('never adds EUR to USD: a price without a rate is refused and unpriced; with AIRE_FX_RATES it converts, and the roll-up re-costs', async () => {
    const model = 'BAAI/bge-m3'
    const days = { from: new Date(from), to: new Date(Math.floor(until / DAY) * DAY), model }
    const spend = async () => (await reports.spendBy(days, 'model')).find((r) => r.key === model)
    await db().modelPrice.deleteMany({ where: { model } })
    await db().modelPrice.create({
      data: {
        model,
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        inputMicrosPerM: 2_000_000n,
        outputMicrosPerM: 0n,
        cachedMicrosPerM: 0n,
        currency: 'EUR',
        createdBy: 'test',
      },
    })
    const saved = process.env.AIRE_FX_RATES
    try {
      delete process.env.AIRE_FX_RATES
      await cost.rollUp({ since: new Date(stack.startMs) })
      const unrated = await spend()
      expect(unrated?.tokens).toBeGreaterThan(0)
      expect(unrated?.tokenCost).toBe(0)
      expect(unrated?.unpriced).toBe(true)
      const status = await reports.pricingStatus()
      expect(status.refused).toEqual([expect.objectContaining({ key: model, currency: 'EUR' })])

      // The admin action refuses a price in a currency the report cannot convert, with the fix.
      const { setModelPrice } = await import('@/lib/cost/prices-repo')
      const tomorrow = new Date(Math.floor(Date.now() / DAY) * DAY + DAY)
      await expect(
        setModelPrice(
          { model, effectiveFrom: tomorrow, currency: 'GBP', inputPerM: 1, outputPerM: 1, cachedPerM: 1 },
          'test',
        ),
      ).rejects.toThrow(/no exchange rate from GBP to USD: set AIRE_FX_RATES/)

      process.env.AIRE_FX_RATES = 'EUR=1.5'
      const r = await cost.rollUp({ since: new Date(stack.startMs) })
      expect(r.status).toBe('ok')
      const rated = await spend()
      expect(rated?.unpriced).toBe(false)
      // 2 EUR per 1M uncached input tokens at 1.5 USD/EUR = 3 USD per 1M, hour by hour
      const t = rated!.inputTokens - rated!.cachedTokens
      expect(Math.abs(rated!.tokenCost - t * 3)).toBeLessThan(0.01 * t * 3 + 1_000)
      expect((await reports.pricingStatus()).refused).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.AIRE_FX_RATES
      else process.env.AIRE_FX_RATES = saved
      await db().modelPrice.deleteMany({ where: { model, createdBy: 'test' } })
      await db().modelPrice.create({
        data: {
          model,
          effectiveFrom: new Date('2020-01-01T00:00:00Z'),
          inputMicrosPerM: 400_000n,
          outputMicrosPerM: 1_200_000n,
          cachedMicrosPerM: 100_000n,
          createdBy: 'test',
        },
      })
      await cost.rollUp({ since: new Date(stack.startMs) })
    }
  })

  it('Prometheus down: reports are served from the ledger with "metrics unavailable since", and the roll-up catches up', async () => {
    // Whole days only: today's row keeps growing with the hour in progress.
    const days = { from: new Date(from), to: new Date(Math.floor(until / DAY) * DAY) }
    const spend = async () =>
      (await reports.spendBy(days, 'team')).map((r) => ({
        team: r.key,
        total: Math.round(r.total * 100) / 100,
        tokens: Math.round(r.tokens),
      }))
    const teamsBefore = await spend()
    const tokensBefore = await ledgerTotals()
    const okBefore = (await db().costJob.findUnique({ where: { name: cost.ROLLUP_JOB } }))?.lastOkAt
    // Hours missed while Prometheus was away.
    await db().rollupHour.deleteMany({ where: { hour: { gte: new Date(until - 3 * HOUR) } } })
    process.env.PROMETHEUS_URL = 'http://127.0.0.1:9'
    const down = await cost.rollUp({ since: new Date(stack.startMs) })
    expect(down.status).toBe('metrics_unavailable')
    const status = await reports.ledgerStatus()
    expect(status.metricsDownSince).toBe(okBefore?.toISOString())
    expect(await spend()).toEqual(teamsBefore)
    expect((await reports.teamSpend()).length).toBeGreaterThanOrEqual(3)

    process.env.PROMETHEUS_URL = stack.prometheus
    const back = await cost.rollUp({ since: new Date(stack.startMs) })
    expect(back.status).toBe('ok')
    expect(back.hours).toBeGreaterThanOrEqual(3)
    expect((await reports.ledgerStatus()).metricsDownSince).toBeNull()
    expect(await ledgerTotals()).toEqual(tokensBefore)
    expect(await spend()).toEqual(teamsBefore)
  })
})
