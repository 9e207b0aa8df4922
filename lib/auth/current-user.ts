import 'server-only'
import { cache } from 'react'
import { redirect } from 'next/navigation'
import { getServerSession } from 'next-auth'
import { authOptions } from '@/lib/auth/options'
import { loadSessionUser } from '@/lib/auth/sessions'
import type { SessionUser } from '@/lib/auth/permissions'
import { AppError } from '@/lib/errors'

async function userOfRequest(fresh: boolean): Promise<SessionUser | null> {
  const session = (await getServerSession(authOptions())) as { sid?: string } | null
  if (!session?.sid) return null
  return loadSessionUser(session.sid, { fresh })
}

/** The signed-in user for reads (pages, read endpoints), or null. Cached per request. */
export const currentUser = cache(() => userOfRequest(false))

/** The signed-in user as the database says right now: for writes, where a revoked role must not act. */
export const currentUserFresh = cache(() => userOfRequest(true))

export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser()
  if (!user) throw new AppError('unauthenticated', 'Your session has ended. Sign in again.')
  return user
}

/**
 * For pages: the signed-in user, or a redirect to sign-in. Every page calls this itself, because
 * layouts and pages render in parallel — a layout's check does not stop a page from rendering.
 */
export async function pageUser(): Promise<SessionUser> {
  const user = await currentUser()
  if (!user) redirect('/login')
  return user
}
