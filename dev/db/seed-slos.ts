// Seeds the demo SLOs (idempotent: upserts by name, leaves SLOs an admin created alone).
// The canary SLOs track dev/sim/scenarios/canary-degradation.json (llama-3-1-8b v2) and
// dev/sim/scenarios/test.json (qwen2-5-7b v2); see docs/SLOS.md for when each one pages.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { resolve } from 'node:path'
import { PrismaClient as SqliteClient } from '../../lib/db/generated/sqlite/client'
import { PrismaClient as PostgresClient } from '../../lib/db/generated/postgresql/client'
import { databaseKind, sqliteFile } from '../../lib/db/url'
import { MODELS } from '../seed/fleet'

const url = process.env.DATABASE_URL ?? 'file:./.aire/console.db'
const prisma =
  databaseKind(url) === 'postgresql'
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${resolve(sqliteFile(url))}` }) })

const served = (model: string) => MODELS.find((m) => m.id === model)?.hfId ?? null

interface DemoSlo {
  name: string
  team: string
  description: string
  sliKind: 'quality' | 'latency' | 'availability'
  targetKind: 'model' | 'version' | 'route'
  model?: string
  version?: string
  namespace?: string
  route?: string
  objective: number
  windowDays: 28 | 30
  latencyThreshold?: number
}

export const DEMO_SLOS: DemoSlo[] = [
  {
    name: 'Llama 3.1 8B canary answer quality',
    team: 'assistant',
    description: 'Evaluator verdicts on v2 while it is the canary.',
    sliKind: 'quality',
    targetKind: 'version',
    model: 'llama-3-1-8b',
    version: 'v2',
    objective: 0.995,
    windowDays: 30,
  },
  {
    name: 'Llama 3.1 8B answer quality',
    team: 'assistant',
    description: 'All versions: pages when a 10% canary fails most of its answers.',
    sliKind: 'quality',
    targetKind: 'model',
    model: 'llama-3-1-8b',
    objective: 0.995,
    windowDays: 30,
  },
  {
    name: 'Llama 3.1 8B time to first token',
    team: 'assistant',
    description: 'Requests answered within 1 s.',
    sliKind: 'latency',
    targetKind: 'model',
    model: 'llama-3-1-8b',
    objective: 0.98,
    windowDays: 30,
    latencyThreshold: 1,
  },
  {
    name: 'Llama 3.1 70B route availability',
    team: 'assistant',
    description: 'Non-5xx responses on the route.',
    sliKind: 'availability',
    targetKind: 'route',
    model: 'llama-3-1-70b',
    namespace: 'team-assistant',
    route: 'llama-3-1-70b',
    objective: 0.995,
    windowDays: 30,
  },
  {
    name: 'Mixtral 8x7B answer quality',
    team: 'search',
    description: 'A 28-day SLO: its burn factors are 13.44 / 5.6 / 2.8 / 0.93.',
    sliKind: 'quality',
    targetKind: 'model',
    model: 'mixtral-8x7b',
    objective: 0.99,
    windowDays: 28,
  },
  {
    name: 'Qwen 2.5 7B canary answer quality',
    team: 'search',
    description: 'Evaluator verdicts on v2 while it is the canary.',
    sliKind: 'quality',
    targetKind: 'version',
    model: 'qwen2-5-7b',
    version: 'v2',
    objective: 0.99,
    windowDays: 30,
  },
  {
    name: 'BGE-M3 availability',
    team: 'search',
    description: 'Embeddings answered without a 5xx.',
    sliKind: 'availability',
    targetKind: 'model',
    model: 'bge-m3',
    objective: 0.995,
    windowDays: 30,
  },
  {
    name: 'Qwen 2.5 VL answer quality',
    team: 'vision',
    description: 'Evaluator verdicts on image answers.',
    sliKind: 'quality',
    targetKind: 'model',
    model: 'qwen2-5-vl-7b',
    objective: 0.99,
    windowDays: 30,
  },
]

async function main(): Promise<void> {
  for (const s of DEMO_SLOS) {
    const data = {
      team: s.team,
      description: s.description,
      sliKind: s.sliKind,
      targetKind: s.targetKind,
      model: s.model ?? null,
      servedModel: s.model ? served(s.model) : null,
      version: s.version ?? null,
      namespace: s.namespace ?? null,
      route: s.route ?? null,
      cluster: null,
      objective: s.objective,
      windowDays: s.windowDays,
      latencyThreshold: s.latencyThreshold ?? null,
      customGood: null,
      customTotal: null,
    }
    await prisma.slo.upsert({
      where: { name: s.name },
      create: { name: s.name, ...data, createdBy: 'seed' },
      update: data,
    })
  }
  console.log(`db: seeded ${DEMO_SLOS.length} demo SLOs`)
}

main()
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
  .finally(() => void prisma.$disconnect())
