import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/current-user'
import { env, oidcEnabled } from '@/lib/config/env'
import { LoginForm } from './login-form'

export const metadata: Metadata = { title: 'Sign in' }

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong username or password.',
  OAuthSignin: 'Could not reach the identity provider. Try again or use a local account.',
  OAuthCallback: 'The identity provider’s answer could not be verified. Try again.',
  SessionRequired: 'Sign in to continue.',
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await currentUser()) redirect('/')
  const { error } = await searchParams
  const e = env()
  return (
    <main className="login panel">
      <h1>
        {/* eslint-disable-next-line @next/next/no-img-element -- a small SVG needs no optimiser */}
        <img src="/logo.svg" alt="" width={32} height={32} className="brand-logo" />
        AIRe <span className="accent">Console</span>
      </h1>
      <LoginForm
        oidc={oidcEnabled(e)}
        local={e.AIRE_LOCAL_ACCOUNTS === 'true'}
        error={error ? (ERRORS[error] ?? 'Sign-in failed. Try again.') : undefined}
      />
    </main>
  )
}
