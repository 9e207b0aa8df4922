// Seeds the demo's golden set and the SLO that reads the prober's verdicts on it (demo only: called
// by dev/demo.sh, not by the tests' seeding). Idempotent: the set is created, or put back to the
// demo prompts if someone changed them (then its results are cleared, as an edit would); the SLO is
// upserted by name. The simulator answers these prompts (dev/sim/golden-demo.ts, answers.ts); in
// dev/sim/scenarios/canary-degradation.json the llama-3-1-8b v2 canary gets 9 of the 10 wrong.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { resolve } from 'node:path'
import { PrismaClient as SqliteClient } from '../../lib/db/generated/sqlite/client'
import { PrismaClient as PostgresClient } from '../../lib/db/generated/postgresql/client'
import { databaseKind, sqliteFile } from '../../lib/db/url'
import { goldenSetInputSchema } from '../../lib/validations/golden-set'
import { sloInputSchema } from '../../lib/validations/slo'
import { MODELS } from '../seed/fleet'
import { DEMO_GOLDEN_PROMPTS, DEMO_GOLDEN_SET_NAME } from '../sim/golden-demo'

const url = process.env.DATABASE_URL ?? 'file:./.aire/console.db'
const prisma =
  databaseKind(url) === 'postgresql'
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${resolve(sqliteFile(url))}` }) })

const MODEL = 'llama-3-1-8b'

// Through the schemas an admin's save goes through: a demo set the form would refuse is a bug here.
const golden = goldenSetInputSchema.parse({
  name: DEMO_GOLDEN_SET_NAME,
  team: 'assistant',
  model: MODEL,
  description: 'Arithmetic, capitals, exact repeats, JSON and refusals the simulator knows the answers to.',
  enabled: true,
  prompts: DEMO_GOLDEN_PROMPTS,
})

const slo = sloInputSchema.parse({
  name: 'Llama 3.1 8B canary golden set',
  team: 'assistant',
  description: `The prober's verdicts on "${DEMO_GOLDEN_SET_NAME}" for v2 (docs/GOLDEN-SETS.md).`,
  sliKind: 'quality',
  targetKind: 'version',
  model: MODEL,
  servedModel: MODELS.find((m) => m.id === MODEL)?.hfId,
  version: 'v2',
  objectivePercent: 99,
  windowDays: 30,
  qualitySource: 'evaluation_label',
  evaluationName: DEMO_GOLDEN_SET_NAME,
})

const promptRows = golden.prompts.map((p, position) => ({
  position,
  prompt: p.prompt,
  check: JSON.stringify(p.check),
}))

async function seedGoldenSet(): Promise<string> {
  const found = await prisma.goldenSet.findUnique({
    where: { name: golden.name },
    include: { prompts: { orderBy: { position: 'asc' } } },
  })
  if (!found) {
    await prisma.goldenSet.create({
      data: {
        name: golden.name,
        team: golden.team,
        model: golden.model,
        description: golden.description || null,
        enabled: true,
        createdBy: 'seed',
        prompts: { create: promptRows },
      },
    })
    return 'created'
  }
  const same =
    found.team === golden.team &&
    found.model === golden.model &&
    found.enabled &&
    found.prompts.length === promptRows.length &&
    found.prompts.every((p, i) => p.prompt === promptRows[i]!.prompt && p.check === promptRows[i]!.check)
  if (same) return 'unchanged'
  await prisma.$transaction([
    prisma.goldenPrompt.deleteMany({ where: { setId: found.id } }),
    prisma.goldenResult.deleteMany({ where: { setId: found.id } }),
    prisma.goldenFailure.deleteMany({ where: { setId: found.id } }),
    prisma.goldenSet.update({
      where: { id: found.id },
      data: {
        team: golden.team,
        model: golden.model,
        description: golden.description || null,
        enabled: true,
        revision: found.revision + 1,
        prompts: { create: promptRows },
      },
    }),
  ])
  return 'reset to the demo prompts'
}

async function main(): Promise<void> {
  const set = await seedGoldenSet()
  // The columns lib/slo/store.ts toColumns writes for this input (objective as a ratio).
  const data = {
    team: slo.team,
    description: slo.description ?? null,
    sliKind: slo.sliKind,
    targetKind: slo.targetKind,
    model: slo.model ?? null,
    servedModel: slo.servedModel ?? null,
    version: slo.version ?? null,
    namespace: null,
    route: null,
    cluster: null,
    objective: Math.round(slo.objectivePercent * 1000) / 100_000,
    windowDays: slo.windowDays,
    latencyThreshold: null,
    qualitySource: slo.qualitySource ?? null,
    evaluationName: slo.evaluationName ?? null,
    scoreThreshold: null,
    customGood: null,
    customTotal: null,
  }
  await prisma.slo.upsert({
    where: { name: slo.name },
    create: { name: slo.name, ...data, createdBy: 'seed' },
    update: data,
  })
  console.log(
    `db: golden set "${golden.name}" (${promptRows.length} prompts) ${set}; SLO "${slo.name}" seeded`,
  )
}

main()
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
  .finally(() => void prisma.$disconnect())
