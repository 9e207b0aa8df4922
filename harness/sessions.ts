/**
 * Many signed-in users without many sign-ins: local sign-in is a bcrypt check (cost 12, on
 * purpose slow), so the bench signs in once per account and then opens more sessions of the same
 * users the way the console does — a session row, and a next-auth cookie naming it, signed with
 * the shared NEXTAUTH_SECRET. The server treats them exactly like sessions from the login form.
 */
import { randomUUID } from 'node:crypto'
import { encode } from 'next-auth/jwt'
import { SHARED_SECRETS } from '@/dev/fault/replicas'
import type { Session } from './console-client'
import { sql } from './fault-stack'

/** `n` new sessions of `username`, in cookies named as the one of `like` (a real sign-in). */
export async function cloneSessions(like: Session, username: string, n: number): Promise<Session[]> {
  // __Secure- prefixed unless AIRE_INSECURE_COOKIES=1: take the name the server really uses
  const name = /(?:^|; )((?:__Secure-)?next-auth\.session-token)=/.exec(like.cookie)?.[1]
  if (!name) throw new Error('not a session cookie')
  const [user] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE username=$1`, [username])
  if (!user) throw new Error(`no user ${username}`)
  const ids = Array.from({ length: n }, () => `bench-${randomUUID()}`)
  const expires = new Date(Date.now() + 3600_000)
  await sql(`INSERT INTO "Session" (id, "userId", "expiresAt") SELECT unnest($1::text[]), $2, $3`, [
    ids,
    user.id,
    expires,
  ])
  return Promise.all(
    ids.map(async (sid) => ({
      cookie: `${name}=${await encode({ token: { sid }, secret: SHARED_SECRETS.NEXTAUTH_SECRET, maxAge: 3600 })}`,
      username,
    })),
  )
}
