// Seeds the demo teams and local accounts (idempotent: re-running resets demo passwords and roles).
import bcrypt from 'bcryptjs'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { resolve } from 'node:path'
import { PrismaClient as SqliteClient } from '../../lib/db/generated/sqlite/client'
import { PrismaClient as PostgresClient } from '../../lib/db/generated/postgresql/client'
import { databaseKind, sqliteFile } from '../../lib/db/url'
import { DEMO_TEAMS, DEMO_USERS } from './demo-users'

const url = process.env.DATABASE_URL ?? 'file:./.aire/console.db'
const prisma =
  databaseKind(url) === 'postgresql'
    ? (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as SqliteClient)
    : new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: `file:${resolve(sqliteFile(url))}` }) })

async function main(): Promise<void> {
  for (const t of DEMO_TEAMS) {
    await prisma.team.upsert({ where: { name: t.name }, create: t, update: { displayName: t.displayName } })
  }
  for (const u of DEMO_USERS) {
    const passwordHash = await bcrypt.hash(u.password, 12)
    const user = await prisma.user.upsert({
      where: { username: u.username },
      create: { username: u.username, name: u.name, passwordHash, globalRole: u.globalRole },
      update: { name: u.name, passwordHash, globalRole: u.globalRole, disabled: false },
    })
    for (const teamName of u.operatorOf) {
      const team = await prisma.team.findUniqueOrThrow({ where: { name: teamName } })
      await prisma.membership.upsert({
        where: { userId_teamId: { userId: user.id, teamId: team.id } },
        create: { userId: user.id, teamId: team.id, role: 'operator' },
        update: { role: 'operator' },
      })
    }
  }
  console.log(`db: seeded ${DEMO_TEAMS.length} teams and ${DEMO_USERS.length} demo users`)
}

main()
  .catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
  .finally(() => void prisma.$disconnect())
