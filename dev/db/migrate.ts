// Applies pending SQL migrations to DATABASE_URL (SQLite file by default).
import { migrate } from '../../lib/db/migrate'

const url = process.env.DATABASE_URL ?? 'file:./.aire/console.db'
migrate(url)
  .then((r) => {
    console.log(`db: ${r.applied.length} migration(s) applied, ${r.skipped.length} already present`)
  })
  .catch((e: unknown) => {
    console.error(`db: migration failed: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  })
