// Seeds EXAMPLE prices (per served model and per GPU product) and team budgets, labelled as
// examples on the Costs page. Replace them with your own. Idempotent; budgets an admin already
// set are kept. The console's roll-up re-costs the ledger with them on its next run.
//   tsx dev/db/seed-costs.ts
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { resolve } from 'node:path'
import { PrismaClient as SqliteClient } from '../../lib/db/generated/sqlite/client'
import { PrismaClient as PostgresClient } from '../../lib/db/generated/postgresql/client'
import { databaseKind, sqliteFile } from '../../lib/db/url'

const url = process.env.DATABASE_URL ?? 'file:./.aire/console.db'
const prisma =
  databaseKind(url) === 'postgresql'
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${resolve(sqliteFile(url))}` }) })

/** Example amounts are written in units here and stored as integer micro-units. */
const micros = (units: number) => BigInt(Math.round(units * 1_000_000))

const NOTE = 'Example price seeded by dev/db/seed-costs.ts: replace with your own.'
const SINCE = new Date('2026-01-01T00:00:00Z')

/** USD per 1M tokens (the seed's prices are in USD; set AIRE_FX_RATES to report in another currency): input (uncached), output, cached input. Plausible, not anyone's list price. */
const MODEL_PRICES: [string, number, number, number][] = [
  ['meta-llama/Llama-3.1-8B-Instruct', 0.1, 0.2, 0.025],
  ['meta-llama/Llama-3.1-70B-Instruct', 0.6, 0.8, 0.15],
  ['mistralai/Mixtral-8x7B-Instruct-v0.1', 0.45, 0.7, 0.11],
  ['mistralai/Mixtral-8x22B-Instruct-v0.1', 0.9, 1.2, 0.22],
  ['Qwen/Qwen2.5-7B-Instruct', 0.1, 0.2, 0.025],
  ['BAAI/bge-m3', 0.02, 0, 0],
  ['Qwen/Qwen2.5-VL-7B-Instruct', 0.2, 0.4, 0.05],
  ['meta-llama/Llama-3.2-11B-Vision-Instruct', 0.25, 0.35, 0.06],
]

/** USD per GPU-hour (dcgm-exporter modelName); MIG slices pay their share. */
const GPU_PRICES: [string, number][] = [
  ['NVIDIA H100 80GB HBM3', 3.0],
  ['NVIDIA A100-SXM4-40GB', 1.8],
  ['NVIDIA L4', 0.7],
]

/** A price cut for the 70B model from the 1st of this month: the month before keeps the old price. */
function priceChangeDate(): Date {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
}

const BUDGETS: [string, number][] = [
  ['assistant', 90_000],
  ['search', 30_000],
  ['vision', 40_000],
]

async function main(): Promise<void> {
  const now = new Date()
  const rows = [
    ...MODEL_PRICES.map(([model, i, o, c]) => ({ model, effectiveFrom: SINCE, i, o, c })),
    { model: 'meta-llama/Llama-3.1-70B-Instruct', effectiveFrom: priceChangeDate(), i: 0.5, o: 0.7, c: 0.12 },
  ]
  for (const r of rows) {
    const data = {
      inputMicrosPerM: micros(r.i),
      outputMicrosPerM: micros(r.o),
      cachedMicrosPerM: micros(r.c),
      example: true,
      note: NOTE,
      createdBy: 'seed',
    }
    const existing = await prisma.modelPrice.findUnique({
      where: { model_effectiveFrom: { model: r.model, effectiveFrom: r.effectiveFrom } },
    })
    if (existing && !existing.example) continue // an admin's price wins
    await prisma.modelPrice.upsert({
      where: { model_effectiveFrom: { model: r.model, effectiveFrom: r.effectiveFrom } },
      create: { model: r.model, effectiveFrom: r.effectiveFrom, ...data },
      update:
        existing &&
        existing.inputMicrosPerM === data.inputMicrosPerM &&
        existing.outputMicrosPerM === data.outputMicrosPerM &&
        existing.cachedMicrosPerM === data.cachedMicrosPerM
          ? {}
          : { ...data, createdAt: now },
    })
  }
  for (const [product, perHour] of GPU_PRICES) {
    const where = { product_effectiveFrom: { product, effectiveFrom: SINCE } }
    const existing = await prisma.gpuPrice.findUnique({ where })
    if (existing && !existing.example) continue
    await prisma.gpuPrice.upsert({
      where,
      create: {
        product,
        effectiveFrom: SINCE,
        microsPerHour: micros(perHour),
        example: true,
        note: NOTE,
        createdBy: 'seed',
      },
      update:
        existing?.microsPerHour === micros(perHour) ? {} : { microsPerHour: micros(perHour), createdAt: now },
    })
  }
  for (const [team, monthly] of BUDGETS) {
    if (!(await prisma.team.findUnique({ where: { name: team } }))) continue
    await prisma.teamBudget.upsert({
      where: { team },
      create: { team, monthlyMicros: micros(monthly), warnAt: 0.8, updatedBy: 'seed' },
      update: {},
    })
  }
  console.log(
    `db: ${rows.length} example model prices, ${GPU_PRICES.length} example GPU prices, budgets for ${BUDGETS.length} teams`,
  )
}

main()
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
  .finally(() => void prisma.$disconnect())
