import 'server-only'
import { cache } from 'react'
import { cookies, headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { getServerSession } from 'next-auth'
import { env } from '@/lib/config/env'
import { authOptions, sessionCookieName } from '@/lib/auth/options'
import { loadSessionUser } from '@/lib/auth/sessions'
import { decodeSessionToken } from '@/lib/auth/session-token'
import { createTokenCache, type TokenCache } from '@/lib/auth/token-cache'
import type { SessionUser } from '@/lib/auth/permissions'
import { isWarmupCredential, WARMUP_HEADER } from '@/lib/process/warmup'

const g = globalThis as unknown as { aireDecodedTokens?: TokenCache }
const decoded = (g.aireDecodedTokens ??= createTokenCache(20_000))

/**
 * The session id in the request's cookie: the signed, encrypted next-auth token decoded directly.
 * getServerSession would run next-auth's whole handler and re-issue the cookie on every request
 * (half the CPU of a data request); the cookie's expiry rolling is moot here, because the session
 * row's expiry is fixed at sign-in. A tampered, expired or foreign token is no session.
 */
async function sessionIdOfRequest(): Promise<string | null> {
  const secret = env().NEXTAUTH_SECRET
  if (!secret) {
    // next dev without a secret: next-auth derives one itself, so let it read its own cookie
    const session = (await getServerSession(authOptions())) as { sid?: string } | null
    return session?.sid ?? null
  }
  const jar = await cookies()
  const name = sessionCookieName()
  // next-auth splits a token over `name.0`, `name.1`… when it outgrows one cookie
  const token =
    jar.get(name)?.value ??
    (jar
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)))
      .map((c) => c.value)
      .join('') ||
      undefined)
  if (!token) return null
  const known = decoded.get(token)
  if (known) return known
  try {
    const claims = await decodeSessionToken(token, secret)
    if (typeof claims.sid !== 'string') return null
    // next-auth refuses a token past `exp` itself; the cache must not outlive that either.
    if (typeof claims.exp === 'number') decoded.set(token, claims.sid, claims.exp * 1000)
    return claims.sid
  } catch {
    return null
  }
}

/** The request's session id (cached per request), apart so a handler can time it on its own. */
export const sessionIdOfThisRequest = cache(sessionIdOfRequest)

/** The user a valid warm-up request reads as: a viewer of nothing in particular. */
const WARMUP_USER: SessionUser = Object.freeze({
  id: 'aire:warm-up',
  // not a valid account name, so it can never be mistaken for one in a list or an audit row
  username: '(warm-up)',
  name: 'replica warm-up',
  role: 'viewer',
  globalRole: 'viewer',
  operatorTeams: [],
  memberTeams: [],
  sessionId: 'aire:warm-up',
}) as SessionUser

/**
 * The replica's own start-up warm-up (lib/process/warmup.ts): a read as a viewer, valid only
 * with this process's token and only while it warms. It still looks up a (missing) session, so
 * the first real lookup finds the ORM's query and the database pool ready.
 */
async function warmupUser(): Promise<SessionUser | null> {
  if (!isWarmupCredential((await headers()).get(WARMUP_HEADER))) return null
  await loadSessionUser(WARMUP_USER.sessionId)
  return WARMUP_USER
}

async function userOfRequest(fresh: boolean): Promise<SessionUser | null> {
  // writes (fresh) never accept the warm-up credential
  if (!fresh) {
    const warm = await warmupUser()
    if (warm) return warm
  }
  const sid = await sessionIdOfThisRequest()
  if (!sid) return null
  return loadSessionUser(sid, { fresh })
}

/** The signed-in user for reads (pages, read endpoints), or null. Cached per request. */
export const currentUser = cache(() => userOfRequest(false))

/** The signed-in user as the database says right now: for writes, where a revoked role must not act. */
export const currentUserFresh = cache(() => userOfRequest(true))

/**
 * For pages: the signed-in user, or a redirect to sign-in. Every page calls this itself, because
 * layouts and pages render in parallel — a layout's check does not stop a page from rendering.
 */
export async function pageUser(): Promise<SessionUser> {
  const user = await currentUser()
  if (!user) redirect('/login')
  return user
}
