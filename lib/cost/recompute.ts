import 'server-only'
import { db } from '@/lib/db/client'
import { databaseKind } from '@/lib/db/url'
import { DAY_MS, startOfDay } from './periods'
import { priceAt, priceBook, type GpuHourPrice, type TokenPrice } from './prices'

interface Books {
  models: Map<string, TokenPrice[]>
  gpus: Map<string, GpuHourPrice[]>
}

export async function loadPriceBooks(): Promise<Books> {
  const [models, gpus] = await Promise.all([db().modelPrice.findMany(), db().gpuPrice.findMany()])
  return { models: priceBook(models, (p) => p.model), gpus: priceBook(gpus, (p) => p.product) }
}

/**
 * A timestamp as the provider stores Prisma DateTimes: ISO text with "+00:00" on SQLite, a
 * timestamp(3) holding UTC on PostgreSQL.
 */
function sqlTime(d: Date): { sql: string; value: string } {
  const iso = d.toISOString()
  return databaseKind(process.env.DATABASE_URL ?? 'file:') === 'postgresql'
    ? { sql: 'CAST(? AS TIMESTAMP(3))', value: iso.replace('T', ' ').replace('Z', '') }
    : { sql: '?', value: iso.replace('Z', '+00:00') }
}

/** `?` placeholders → `$n` for PostgreSQL. */
function numbered(sql: string): string {
  if (databaseKind(process.env.DATABASE_URL ?? 'file:') !== 'postgresql') return sql
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

const NUM = 'CAST(? AS DOUBLE PRECISION)'
const ZERO = 'CAST(0 AS DOUBLE PRECISION)'
const PG = () => databaseKind(process.env.DATABASE_URL ?? 'file:') === 'postgresql'
const least = (a: string, b: string) => (PG() ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`)
const greatest = (a: string, b: string) => (PG() ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`)

/** Per day × team (or model) totals of token and GPU cost: the second-level pre-aggregate. */
function totalsSql(dim: 'team' | 'model'): string {
  const t = sqlTime(new Date(0)).sql
  const unpriced = 'CASE WHEN "priced" THEN 0 ELSE 1 END'
  return numbered(`
    INSERT INTO "CostDay${dim === 'team' ? 'Team' : 'Model'}" ("day", "${dim}", "tokenCost", "gpuCost", "idleCost",
      "inputTokens", "outputTokens", "cachedTokens", "gpuHours", "unpriced")
    SELECT ${t}, x."${dim}", SUM(x.tc), SUM(x.gc), SUM(x.ic), SUM(x.i), SUM(x.o), SUM(x.c), SUM(x.gh), MAX(x.u) > 0
    FROM (
      SELECT "${dim}", "tokenCost" AS tc, 0 AS gc, 0 AS ic, "inputTokens" AS i, "outputTokens" AS o,
        "cachedTokens" AS c, 0 AS gh, ${unpriced} AS u
      FROM "CostDay" WHERE "day" = ${t}
      UNION ALL
      SELECT "${dim}", 0, "cost", "idleCost", 0, 0, 0, "gpuHours", ${unpriced}
      FROM "GpuCostDay" WHERE "day" = ${t}
    ) x GROUP BY x."${dim}"`)
}

/**
 * Rebuilds the daily pre-aggregates (CostDay, GpuCostDay, and their per-team and per-model totals)
 * of the given days from the hourly ledger at the prices in effect on each day, inside the
 * database (one INSERT … SELECT per table and day, replacing the day's rows in one transaction). The cost expressions are those of
 * prices.ts (tokenCost, gpuCost), written in SQL.
 */
export async function recomputeDays(days: readonly Date[], books?: Books): Promise<void> {
  const b = books ?? (await loadPriceBooks())
  const unique = [...new Set(days.map((d) => startOfDay(d).getTime()))].sort((x, y) => x - y)
  for (const t of unique) {
    const day = new Date(t)
    const from = sqlTime(day)
    const to = sqlTime(new Date(t + DAY_MS))
    const models = [...b.models.entries()].flatMap(([model, list]) => {
      const p = priceAt(list, day)
      return p ? [[model, p.inputPerM, p.outputPerM, p.cachedPerM] as const] : []
    })
    const gpus = [...b.gpus.entries()].flatMap(([product, list]) => {
      const p = priceAt(list, day)
      return p ? [[product, p.perHour] as const] : []
    })
    // No price in effect: an empty table of the same shape (VALUES cannot be empty).
    const noModels = `SELECT CAST(NULL AS TEXT), ${ZERO}, ${ZERO}, ${ZERO} WHERE 1 = 0`
    const noGpus = `SELECT CAST(NULL AS TEXT), ${ZERO} WHERE 1 = 0`
    const priced = PG() ? 'p."model" IS NOT NULL' : 'CASE WHEN p."model" IS NULL THEN 0 ELSE 1 END'
    const gpuPriced = PG() ? 'g."product" IS NOT NULL' : 'CASE WHEN g."product" IS NULL THEN 0 ELSE 1 END'
    const cached = least(greatest('a.c', '0'), greatest('a.i', '0'))
    const tokenSql = numbered(`
      WITH p("model", "inp", "outp", "cp") AS (${
        models.length
          ? `VALUES ${models.map(() => `(CAST(? AS TEXT), ${NUM}, ${NUM}, ${NUM})`).join(', ')}`
          : noModels
      }),
      a AS (
        SELECT "cluster", "team", "model", "route",
          SUM(CASE WHEN "tokenType" = 'input' THEN "tokens" ELSE 0 END) AS i,
          SUM(CASE WHEN "tokenType" = 'output' THEN "tokens" ELSE 0 END) AS o,
          SUM(CASE WHEN "tokenType" = 'cached_input' THEN "tokens" ELSE 0 END) AS c
        FROM "TokenUsageHour" WHERE "hour" >= ${from.sql} AND "hour" < ${to.sql}
        GROUP BY "cluster", "team", "model", "route")
      INSERT INTO "CostDay" ("day", "cluster", "team", "model", "route", "inputTokens", "outputTokens",
        "cachedTokens", "tokenCost", "priced")
      SELECT ${from.sql}, a."cluster", a."team", a."model", a."route", a.i, a.o, a.c,
        COALESCE(((${greatest('a.i', '0')} - ${cached}) * p."inp" + ${cached} * p."cp"
          + ${greatest('a.o', '0')} * p."outp") / 1000000.0, 0),
        ${priced}
      FROM a LEFT JOIN p ON p."model" = a."model"`)
    const gpuSql = numbered(`
      WITH g("product", "perHour") AS (${
        gpus.length ? `VALUES ${gpus.map(() => `(CAST(? AS TEXT), ${NUM})`).join(', ')}` : noGpus
      }),
      a AS (
        SELECT "cluster", "namespace", "team", "product", "model", SUM("gpuHours") AS h, SUM("busyHours") AS b
        FROM "GpuUsageHour" WHERE "hour" >= ${from.sql} AND "hour" < ${to.sql}
        GROUP BY "cluster", "namespace", "team", "product", "model")
      INSERT INTO "GpuCostDay" ("day", "cluster", "namespace", "team", "product", "model", "gpuHours",
        "busyHours", "cost", "idleCost", "priced")
      SELECT ${from.sql}, a."cluster", a."namespace", a."team", a."product", a."model", a.h, a.b,
        COALESCE(${greatest('a.h', '0')} * g."perHour", 0),
        COALESCE(${greatest(`a.h - ${least('a.b', 'a.h')}`, '0')} * g."perHour", 0),
        ${gpuPriced}
      FROM a LEFT JOIN g ON g."product" = a."product"`)
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
export async function recomputeFrom(from: Date): Promise<number> {
  const hours = await db().rollupHour.findMany({
    where: { hour: { gte: startOfDay(from) } },
    select: { hour: true },
  })
  const days = [...new Set(hours.map((h) => startOfDay(h.hour).getTime()))].map((t) => new Date(t))
  await recomputeDays(days)
  return days.length
}
