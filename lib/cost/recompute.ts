import 'server-only'
import { db } from '@/lib/db/client'
import { databaseKind } from '@/lib/db/url'
import { basisKey, reportBasis, type PricingBasis } from './currency'
import { DAY_MS, startOfDay } from './periods'
import {
  gpuRateBook,
  ratesWithin,
  tokenRateBook,
  type GpuRate,
  type RateBook,
  type TokenRate,
} from './prices'

export interface Books {
  basis: PricingBasis
  models: RateBook<TokenRate>
  gpus: RateBook<GpuRate>
}

/** Every price, as rates in the report currency over their effective intervals. */
export async function loadPriceBooks(basis: PricingBasis = reportBasis()): Promise<Books> {
  const [models, gpus] = await Promise.all([db().modelPrice.findMany(), db().gpuPrice.findMany()])
  return { basis, models: tokenRateBook(models, basis), gpus: gpuRateBook(gpus, basis) }
}

const PG = () => databaseKind(process.env.DATABASE_URL ?? 'file:') === 'postgresql'

/**
 * A timestamp as the provider stores Prisma DateTimes: ISO text with "+00:00" on SQLite, a
 * timestamp(3) holding UTC on PostgreSQL.
 */
function sqlTime(d: Date): { sql: string; value: string } {
  const iso = d.toISOString()
  return PG()
    ? { sql: 'CAST(? AS TIMESTAMP(3))', value: iso.replace('T', ' ').replace('Z', '') }
    : { sql: '?', value: iso.replace('Z', '+00:00') }
}

/** `?` placeholders → `$n` for PostgreSQL. */
function numbered(sql: string): string {
  if (!PG()) return sql
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

const NUM = 'CAST(? AS DOUBLE PRECISION)'
const TEXT = 'CAST(? AS TEXT)'
const least = (a: string, b: string) => (PG() ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`)
const greatest = (a: string, b: string) => (PG() ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`)
/** Half up to an integer, for the non-negative amounts here; the same as prices.ts's roundMicro. */
const roundMicro = (x: string) => (PG() ? `CAST(FLOOR(${x} + 0.5) AS BIGINT)` : `CAST(${x} + 0.5 AS INTEGER)`)

/** Per day × team (or model) totals of token and GPU cost: the second-level pre-aggregate. */
function totalsSql(dim: 'team' | 'model'): string {
  const t = sqlTime(new Date(0)).sql
  const unpriced = 'CASE WHEN "priced" THEN 0 ELSE 1 END'
  return numbered(`
    INSERT INTO "CostDay${dim === 'team' ? 'Team' : 'Model'}" ("day", "${dim}", "tokenCostMicros", "gpuCostMicros",
      "idleCostMicros", "inputTokens", "outputTokens", "cachedTokens", "gpuHours", "unpriced")
    SELECT ${t}, x."${dim}", SUM(x.tc), SUM(x.gc), SUM(x.ic), SUM(x.i), SUM(x.o), SUM(x.c), SUM(x.gh), MAX(x.u) > 0
    FROM (
      SELECT "${dim}", "tokenCostMicros" AS tc, 0 AS gc, 0 AS ic, "inputTokens" AS i, "outputTokens" AS o,
        "cachedTokens" AS c, 0 AS gh, ${unpriced} AS u
      FROM "CostDay" WHERE "day" = ${t}
      UNION ALL
      SELECT "${dim}", 0, "costMicros", "idleCostMicros", 0, 0, 0, "gpuHours", ${unpriced}
      FROM "GpuCostDay" WHERE "day" = ${t}
    ) x GROUP BY x."${dim}"`)
}

/** A VALUES table of rate intervals, or an empty table of the same shape (VALUES cannot be empty). */
function valuesTable(rows: readonly (readonly (string | number)[])[], shape: readonly string[]): string {
  if (rows.length === 0) return `SELECT ${shape.map((s) => s.replace('?', 'NULL')).join(', ')} WHERE 1 = 0`
  return `VALUES ${rows.map(() => `(${shape.join(', ')})`).join(', ')}`
}

/**
 * Rebuilds the daily pre-aggregates (CostDay, GpuCostDay, and their per-team and per-model totals)
 * of the given days from the hourly ledger, inside the database: each hour is costed at the price
 * in effect for it (joined on the price's [from, to) interval, converted to the report currency)
 * and rounded to the micro-unit, and a day row is the sum of its hours. One INSERT … SELECT per
 * table and day, the day's rows replaced in one transaction. Hours with no price (or only one in a
 * currency without a rate) cost 0 and leave the row unpriced.
 */
export async function recomputeDays(days: readonly Date[], books?: Books): Promise<void> {
  const b = books ?? (await loadPriceBooks())
  const unique = [...new Set(days.map((d) => startOfDay(d).getTime()))].sort((x, y) => x - y)
  for (const t of unique) {
    const day = new Date(t)
    const next = new Date(t + DAY_MS)
    const from = sqlTime(day)
    const to = sqlTime(next)
    const models = [...b.models.rates.entries()].flatMap(([model, list]) =>
      ratesWithin(list, day, next).map(
        (r) => [model, sqlTime(r.from).value, sqlTime(r.to).value, r.input, r.output, r.cached] as const,
      ),
    )
    const gpus = [...b.gpus.rates.entries()].flatMap(([product, list]) =>
      ratesWithin(list, day, next).map(
        (r) => [product, sqlTime(r.from).value, sqlTime(r.to).value, r.perHour] as const,
      ),
    )
    const ts = sqlTime(day).sql
    const input = greatest('h.i', '0')
    const cached = least(greatest('h.c', '0'), input)
    const tokenSql = numbered(`
      WITH p("model", "pf", "pt", "inp", "outp", "cp") AS (${valuesTable(models, [TEXT, ts, ts, NUM, NUM, NUM])}),
      h AS (
        SELECT "cluster", "team", "model", "route", "hour",
          SUM(CASE WHEN "tokenType" = 'input' THEN "tokens" ELSE 0 END) AS i,
          SUM(CASE WHEN "tokenType" = 'output' THEN "tokens" ELSE 0 END) AS o,
          SUM(CASE WHEN "tokenType" = 'cached_input' THEN "tokens" ELSE 0 END) AS c
        FROM "TokenUsageHour" WHERE "hour" >= ${from.sql} AND "hour" < ${to.sql}
        GROUP BY "cluster", "team", "model", "route", "hour"),
      hc AS (
        SELECT h."cluster", h."team", h."model", h."route", h.i, h.o, h.c,
          CASE WHEN p."model" IS NULL THEN 0 ELSE 1 END AS priced,
          COALESCE(${roundMicro(`((${input} - ${cached}) * p."inp" + ${cached} * p."cp" + ${greatest('h.o', '0')} * p."outp") / 1000000.0`)}, 0) AS cost
        FROM h LEFT JOIN p ON p."model" = h."model" AND h."hour" >= p."pf" AND h."hour" < p."pt")
      INSERT INTO "CostDay" ("day", "cluster", "team", "model", "route", "inputTokens", "outputTokens",
        "cachedTokens", "tokenCostMicros", "priced")
      SELECT ${from.sql}, "cluster", "team", "model", "route", SUM(i), SUM(o), SUM(c), SUM(cost), MIN(priced) = 1
      FROM hc GROUP BY "cluster", "team", "model", "route"`)
    const hours = greatest('h.h', '0')
    const gpuSql = numbered(`
      WITH g("product", "gf", "gt", "perHour") AS (${valuesTable(gpus, [TEXT, ts, ts, NUM])}),
      h AS (
        SELECT "cluster", "namespace", "team", "product", "model", "hour", SUM("gpuHours") AS h, SUM("busyHours") AS b
        FROM "GpuUsageHour" WHERE "hour" >= ${from.sql} AND "hour" < ${to.sql}
        GROUP BY "cluster", "namespace", "team", "product", "model", "hour"),
      hc AS (
        SELECT h."cluster", h."namespace", h."team", h."product", h."model", h.h, h.b,
          CASE WHEN g."product" IS NULL THEN 0 ELSE 1 END AS priced,
          COALESCE(${roundMicro(`${hours} * g."perHour"`)}, 0) AS cost,
          COALESCE(${roundMicro(`${greatest(`${hours} - ${least('h.b', hours)}`, '0')} * g."perHour"`)}, 0) AS idle
        FROM h LEFT JOIN g ON g."product" = h."product" AND h."hour" >= g."gf" AND h."hour" < g."gt")
      INSERT INTO "GpuCostDay" ("day", "cluster", "namespace", "team", "product", "model", "gpuHours",
        "busyHours", "costMicros", "idleCostMicros", "priced")
      SELECT ${from.sql}, "cluster", "namespace", "team", "product", "model", SUM(h), SUM(b), SUM(cost), SUM(idle),
        MIN(priced) = 1
      FROM hc GROUP BY "cluster", "namespace", "team", "product", "model"`)
    const tokenParams = [...models.flat(), from.value, to.value, from.value]
    const gpuParams = [...gpus.flat(), from.value, to.value, from.value]
    await db().$transaction([
      db().costDay.deleteMany({ where: { day } }),
      db().$executeRawUnsafe(tokenSql, ...tokenParams),
      db().gpuCostDay.deleteMany({ where: { day } }),
      db().$executeRawUnsafe(gpuSql, ...gpuParams),
      db().costDayTeam.deleteMany({ where: { day } }),
      db().$executeRawUnsafe(totalsSql('team'), from.value, from.value, from.value),
      db().costDayModel.deleteMany({ where: { day } }),
      db().$executeRawUnsafe(totalsSql('model'), from.value, from.value, from.value),
    ])
  }
}

/** After a price change: recomputes every ledger day from `from` on; earlier days keep their cost. */
export async function recomputeFrom(from: Date, books?: Books): Promise<number> {
  const hours = await db().rollupHour.findMany({
    where: { hour: { gte: startOfDay(from) } },
    select: { hour: true },
  })
  const days = [...new Set(hours.map((h) => startOfDay(h.hour).getTime()))].map((t) => new Date(t))
  await recomputeDays(days, books)
  return days.length
}

/**
 * When the report currency or a rate changed since the daily costs were computed (or they were
 * never computed under a recorded basis), re-costs every ledger day and records the new basis.
 * Returns the days re-costed (0 when the basis held).
 */
export async function recostOnNewBasis(jobName: string, books: Books): Promise<number> {
  const key = basisKey(books.basis)
  const job = await db().costJob.findUnique({ where: { name: jobName }, select: { pricingBasis: true } })
  if (job?.pricingBasis === key) return 0
  const n = await recomputeFrom(new Date(0), books)
  await db().costJob.update({ where: { name: jobName }, data: { pricingBasis: key } })
  return n
}
