import 'server-only'
import type { NextAuthOptions } from 'next-auth'
import CredentialsProvider from 'next-auth/providers/credentials'
import { env, oidcEnabled } from '@/lib/config/env'
import { db } from '@/lib/db/client'
import { verifyPassword } from '@/lib/auth/password'
import { closeSession, openSession } from '@/lib/auth/sessions'
import { groupsFromClaim } from '@/lib/auth/oidc-groups'
import { groupMappingsFromDb, syncOidcUser } from '@/lib/auth/sync-oidc-user'
import { log } from '@/lib/observability/log'
import { credentialsSchema } from '@/lib/validations/credentials'

interface OidcClaims {
  sub: string
  preferred_username?: string
  name?: string
  email?: string
  [claim: string]: unknown
}

function providers(): NextAuthOptions['providers'] {
  const e = env()
  const list: NextAuthOptions['providers'] = []
  if (oidcEnabled(e)) {
    list.push({
      id: 'oidc',
      name: 'Single sign-on',
      type: 'oauth',
      wellKnown: `${e.OIDC_ISSUER!.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: e.OIDC_CLIENT_ID,
      clientSecret: e.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: 'openid profile email groups' } },
      idToken: true,
      checks: ['pkce', 'state'],
      profile(claims: OidcClaims) {
        return {
          id: claims.sub,
          name: claims.name ?? claims.preferred_username ?? claims.sub,
          email: claims.email,
        }
      },
    })
  }
  if (e.AIRE_LOCAL_ACCOUNTS === 'true') {
    list.push(
      CredentialsProvider({
        id: 'local',
        name: 'Local account',
        credentials: {
          username: { label: 'Username', type: 'text' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw)
          if (!parsed.success) return null
          const user = await db().user.findUnique({ where: { username: parsed.data.username } })
          const valid = await verifyPassword(parsed.data.password, user?.passwordHash)
          if (!user || !valid || user.disabled) {
            log.warn('sign-in refused', { username: parsed.data.username })
            return null
          }
          return { id: user.id, name: user.name ?? user.username }
        },
      }),
    )
  }
  return list
}

function secureCookies(): boolean {
  return env().AIRE_INSECURE_COOKIES !== '1'
}

/** The name next-auth gives the session cookie under these options. */
export function sessionCookieName(): string {
  return `${secureCookies() ? '__Secure-' : ''}next-auth.session-token`
}

/** next-auth options: a short-lived signed cookie naming a server-side session row. */
export function authOptions(): NextAuthOptions {
  const e = env()
  const maxAge = Math.floor(e.AIRE_SESSION_HOURS * 3600)
  return {
    secret: e.NEXTAUTH_SECRET,
    providers: providers(),
    session: { strategy: 'jwt', maxAge, updateAge: 0 },
    jwt: { maxAge },
    useSecureCookies: secureCookies(),
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      async jwt({ token, user, account, profile }) {
        if (!user || !account) return token
        let userId = user.id
        if (account.provider === 'oidc') {
          const claims = (profile ?? {}) as OidcClaims
          userId = await syncOidcUser(
            'oidc',
            {
              subject: claims.sub,
              username: claims.preferred_username ?? claims.email ?? claims.sub,
              name: claims.name,
              email: claims.email,
              groups: groupsFromClaim(claims[e.OIDC_GROUPS_CLAIM]),
            },
            [...e.AIRE_OIDC_GROUP_MAP, ...(await groupMappingsFromDb())],
          )
        }
        const sid = await openSession(userId, e.AIRE_SESSION_HOURS)
        log.info('signed in', { userId, provider: account.provider })
        return { sid }
      },
      async session({ session, token }) {
        // Only the opaque session id reaches the client; who the user is comes from the server.
        return { expires: session.expires, sid: typeof token.sid === 'string' ? token.sid : undefined }
      },
    },
    events: {
      async signOut({ token }) {
        if (token && typeof token.sid === 'string') await closeSession(token.sid)
      },
    },
  }
}
