// Generates one Prisma client per provider from prisma/schema.prisma.
// Prisma binds a client to one provider, and we support SQLite and PostgreSQL as
// equals, so the PostgreSQL schema is derived here rather than kept by hand.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8')
const pg = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('output   = "../lib/db/generated/sqlite"', 'output   = "../../lib/db/generated/postgresql"')
mkdirSync(join(root, 'prisma/generated'), { recursive: true })
writeFileSync(join(root, 'prisma/generated/postgresql.prisma'), pg)

// `prisma generate` needs no schema engine, but the CLI looks for one on start-up and
// would try to download it; this machine class has no route to Prisma's binary host.
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
}
const prisma = join(root, 'node_modules/prisma/build/index.js')
for (const schema of ['prisma/schema.prisma', 'prisma/generated/postgresql.prisma']) {
  execFileSync(process.execPath, [prisma, 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
}
