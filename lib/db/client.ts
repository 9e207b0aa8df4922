import 'server-only'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient as SqliteClient } from '@/lib/db/generated/sqlite/client'
import { PrismaClient as PostgresClient } from '@/lib/db/generated/postgresql/client'
import { databaseKind, sqliteFile } from '@/lib/db/url'

/** Both generated clients expose the same model API; the SQLite one is the canonical type. */
export type Db = SqliteClient

function create(url: string): Db {
  if (databaseKind(url) === 'postgresql') {
    const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) })
    return client as unknown as Db
  }
  const file = resolve(sqliteFile(url))
  mkdirSync(dirname(file), { recursive: true })
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}` }) })
}

const globalForDb = globalThis as unknown as { aireDb?: Db }

/** One client per process; Next's dev server reloads modules, so it lives on globalThis. */
export function db(): Db {
  globalForDb.aireDb ??= create(process.env.DATABASE_URL ?? 'file:./.aire/console.db')
  return globalForDb.aireDb
}
