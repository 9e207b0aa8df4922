import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readGpuTruth, readTokenTruth } from '@/dev/sim/ground-truth'
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
        inputPerM: 0.4,
        outputPerM: 1.2,
        cachedPerM: 0.1,
        createdBy: 'test',
      },
    })
  }
  for (const product of new Set(readGpuTruth(stack.simDir).map((r) => r.product))) {
    await db().gpuPrice.deleteMany({ where: { product } })
    await db().gpuPrice.create({ data: { product, effectiveFrom: since, perHour: 2.5, createdBy: 'test' } })
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
      // at the test's GPU price (2.5 per hour), to the cent
      expect(r.idleCost, `${r.team} ${r.product}`).toBeCloseTo((r.gpuHours - r.busyHours) * 2.5, 2)
      expect(r.idleCost).toBeLessThanOrEqual(r.cost + 1e-9)
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
      expect(Math.abs(cost - truthHours * 2.5) / (truthHours * 2.5)).toBeLessThan(0.02)
      for (const r of unheld) expect(r.idleCost).toBeCloseTo(r.cost, 2)
    }
  })

  it('the per-team and per-model totals agree with the detailed daily rows', async () => {
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
    for (const other of [byModel, byRoute]) {
      expect(other.cost).toBeCloseTo(byTeam.cost, 2)
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

  it('a price change costs usage only from its effective date on', async () => {
    const model = 'meta-llama/Llama-3.1-8B-Instruct'
    const day0 = new Date(from)
    const day1 = new Date(from + DAY)
    const costOf = async (d: Date) =>
      (await db().costDay.aggregate({ where: { day: d, model }, _sum: { tokenCost: true } }))._sum
        .tokenCost ?? 0
    const tokens = async (d: Date) =>
      (
        await db().costDay.aggregate({
          where: { day: d, model },
          _sum: { inputTokens: true, outputTokens: true, cachedTokens: true },
        })
      )._sum
    await db().modelPrice.deleteMany({ where: { model } })
    await db().modelPrice.create({
      data: {
        model,
        effectiveFrom: new Date('2020-01-01T00:00:00Z'),
        inputPerM: 1,
        outputPerM: 2,
        cachedPerM: 0.5,
        createdBy: 'test',
      },
    })
    await recompute.recomputeFrom(new Date('2020-01-01T00:00:00Z'))
    const t0 = await tokens(day0)
    const atBasePrice = (t: typeof t0) =>
      ((t.inputTokens! - t.cachedTokens!) * 1 + t.cachedTokens! * 0.5 + t.outputTokens! * 2) / 1e6
    const expected0 = atBasePrice(t0)
    // to the cent (SQL and JS may add the same floats in another order)
    expect(await costOf(day0)).toBeCloseTo(expected0, 2)
    const before0 = await costOf(day0)
    const before1 = await costOf(day1)

    await db().modelPrice.create({
      data: { model, effectiveFrom: day1, inputPerM: 10, outputPerM: 20, cachedPerM: 5, createdBy: 'test' },
    })
    await recompute.recomputeFrom(day1)
    expect(await costOf(day0)).toBe(before0)
    expect(await costOf(day1)).toBeCloseTo(before1 * 10, 2)

    // The roll-up also notices prices written behind its back (seed script, SQL, another replica).
    await db().modelPrice.updateMany({
      where: { model, effectiveFrom: day1 },
      data: { inputPerM: 1, outputPerM: 2, cachedPerM: 0.5, createdAt: new Date() },
    })
    await cost.rollUp({ since: new Date(stack.startMs) })
    // day1 may be today, which the roll-up has just grown: priced from its tokens, at the base price
    expect(await costOf(day1)).toBeCloseTo(atBasePrice(await tokens(day1)), 2)
    expect(await costOf(day0)).toBe(before0)
    await db().modelPrice.deleteMany({ where: { model, createdBy: 'test' } })
    await recompute.recomputeFrom(new Date('2020-01-01T00:00:00Z'))
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
