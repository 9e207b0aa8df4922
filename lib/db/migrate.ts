import { readdirSync, readFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { databaseKind, sqliteFile } from './url'

// Prisma's migrate needs its native schema engine, which this project cannot download, so
// migrations are plain SQL per provider, applied in order and recorded in _aire_migrations.
// Each file runs in one transaction: a failed migration leaves nothing half-applied.

export interface MigrationReport {
  applied: string[]
  skipped: string[]
}

function migrationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
}

export async function migrate(url: string, root = process.cwd()): Promise<MigrationReport> {
  const kind = databaseKind(url)
  const dir = join(root, 'prisma', 'migrations', kind)
  const files = migrationFiles(dir)
  const report: MigrationReport = { applied: [], skipped: [] }
  if (kind === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    const file = resolve(root, sqliteFile(url))
    mkdirSync(dirname(file), { recursive: true })
    const conn = new Database(file)
    try {
      conn.pragma('journal_mode = WAL')
      conn.exec(
        'CREATE TABLE IF NOT EXISTS "_aire_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)',
      )
      const done = new Set(
        (conn.prepare('SELECT "name" FROM "_aire_migrations"').all() as { name: string }[]).map(
          (r) => r.name,
        ),
      )
      for (const f of files) {
        if (done.has(f)) {
          report.skipped.push(f)
          continue
        }
        const sql = readFileSync(join(dir, f), 'utf8')
        conn.transaction(() => {
          conn.exec(sql)
          conn
            .prepare('INSERT INTO "_aire_migrations" ("name", "appliedAt") VALUES (?, ?)')
            .run(f, new Date().toISOString())
        })()
        report.applied.push(f)
      }
    } finally {
      conn.close()
    }
    return report
  }
  const { Client } = await import('pg')
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    // An advisory lock makes concurrent starts of several replicas safe.
    await client.query('SELECT pg_advisory_lock(727274)')
    await client.query(
      'CREATE TABLE IF NOT EXISTS "_aire_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)',
    )
    const done = new Set(
      (await client.query<{ name: string }>('SELECT "name" FROM "_aire_migrations"')).rows.map((r) => r.name),
    )
    for (const f of files) {
      if (done.has(f)) {
        report.skipped.push(f)
        continue
      }
      const sql = readFileSync(join(dir, f), 'utf8')
      await client.query('BEGIN')
      try {
        await client.query(sql)
        await client.query('INSERT INTO "_aire_migrations" ("name", "appliedAt") VALUES ($1, now())', [f])
        await client.query('COMMIT')
      } catch (e) {
        await client.query('ROLLBACK')
        throw e
      }
      report.applied.push(f)
    }
    await client.query('SELECT pg_advisory_unlock(727274)')
  } finally {
    await client.end()
  }
  return report
}
