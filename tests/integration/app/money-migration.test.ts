import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate } from '@/lib/db/migrate'

// A database that held float money before 0009: its prices and budgets come out as exact
// micro-units, and its daily costs are marked for re-costing (no pricing basis recorded).
const root = mkdtempSync(join(tmpdir(), 'aire-money-'))
const dir = join(root, 'prisma', 'migrations', 'sqlite')
mkdirSync(dir, { recursive: true })
const source = resolve('prisma/migrations/sqlite')
const url = `file:${join(root, 'old.db')}`

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('migration 0009: money as micro-units (SQLite)', () => {
  it('converts prices, budgets and daily costs exactly and asks for a re-cost', async () => {
    for (const f of readdirSync(source).filter((f) => f < '0009')) cpSync(join(source, f), join(dir, f))
    await migrate(url, root)
    const db = new Database(join(root, 'old.db'))
    try {
      db.prepare(
        `INSERT INTO "ModelPrice" ("id","model","effectiveFrom","inputPerM","outputPerM","cachedPerM","createdBy")
         VALUES ('p1','m','2026-01-01T00:00:00.000+00:00',0.1,0.7,0.025,'t')`,
      ).run()
      db.prepare(
        `INSERT INTO "GpuPrice" ("id","product","effectiveFrom","perHour","createdBy")
         VALUES ('g1','H100','2026-01-01T00:00:00.000+00:00',2.675,'t')`,
      ).run()
      db.prepare(
        `INSERT INTO "TeamBudget" ("team","monthly","warnAt","updatedBy","updatedAt")
         VALUES ('search',1200.5,0.8,'t','2026-01-01T00:00:00.000+00:00')`,
      ).run()
      db.prepare(
        `INSERT INTO "CostDay" ("day","cluster","team","model","route","inputTokens","outputTokens","cachedTokens","tokenCost","priced")
         VALUES ('2026-12-01T00:00:00.000+00:00','c','search','m','ns/r',1,1,0,1.005,1)`,
      ).run()
      db.prepare(`INSERT INTO "CostJob" ("name") VALUES ('cost-rollup')`).run()
    } finally {
      db.close()
    }
    cpSync(join(source, '0009_money_micros.sql'), join(dir, '0009_money_micros.sql'))
    const r = await migrate(url, root)
    expect(r.applied).toEqual(['0009_money_micros.sql'])
    const after = new Database(join(root, 'old.db'), { readonly: true })
    try {
      expect(
        after
          .prepare('SELECT "inputMicrosPerM" i, "outputMicrosPerM" o, "cachedMicrosPerM" c FROM "ModelPrice"')
          .get(),
      ).toEqual({
        i: 100_000,
        o: 700_000,
        c: 25_000,
      })
      expect(after.prepare('SELECT "microsPerHour" h FROM "GpuPrice"').get()).toEqual({ h: 2_675_000 })
      expect(after.prepare('SELECT "monthlyMicros" m, "currency" c FROM "TeamBudget"').get()).toEqual({
        m: 1_200_500_000,
        c: 'USD',
      })
      expect(after.prepare('SELECT "tokenCostMicros" t FROM "CostDay"').get()).toEqual({ t: 1_005_000 })
      expect(after.prepare('SELECT "pricingBasis" b FROM "CostJob"').get()).toEqual({ b: null })
      const cols = after.prepare(`SELECT name FROM pragma_table_info('ModelPrice')`).all() as {
        name: string
      }[]
      expect(cols.map((c) => c.name)).not.toContain('inputPerM')
    } finally {
      after.close()
    }
  })
})
