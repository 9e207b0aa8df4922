'use client'
import { signIn } from 'next-auth/react'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

export function LoginForm({ oidc, local, error }: { oidc: boolean; local: boolean; error?: string }) {
  const router = useRouter()
  const [pending, setPending] = useState(false)
  const [message, setMessage] = useState(error)
  return (
    <>
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      {oidc ? (
        <button
          type="button"
          className="btn primary"
          onClick={() => void signIn('oidc', { callbackUrl: '/' })}
        >
          Sign in with single sign-on
        </button>
      ) : null}
      {local ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault()
            const form = new FormData(e.currentTarget)
            setPending(true)
            setMessage(undefined)
            const res = await signIn('local', {
              username: String(form.get('username') ?? ''),
              password: String(form.get('password') ?? ''),
              redirect: false,
            })
            setPending(false)
            if (res?.ok && !res.error) {
              router.replace('/')
              router.refresh()
            } else setMessage('Wrong username or password.')
          }}
        >
          {oidc ? <p className="muted">or with a local account</p> : null}
          <label>
            Username
            <input name="username" autoComplete="username" required autoFocus />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <button type="submit" className="btn primary" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      ) : null}
      {!oidc && !local ? (
        <p>No sign-in method is configured. Set OIDC_ISSUER or enable local accounts.</p>
      ) : null}
    </>
  )
}
