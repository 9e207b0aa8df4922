'use client'
import { useState } from 'react'

/**
 * next-auth's sign-out protocol (CSRF token, then POST /api/auth/signout), without next-auth/react:
 * that client weighs ~12 kB on every page for this one button.
 */
async function signOut(): Promise<void> {
  const { csrfToken } = (await (await fetch('/api/auth/csrf')).json()) as { csrfToken: string }
  const res = await fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Auth-Return-Redirect': '1' },
    body: new URLSearchParams({ csrfToken, callbackUrl: '/login', json: 'true' }),
  })
  if (!res.ok) throw new Error(`sign-out answered ${res.status}`)
}

export function SignOutButton() {
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle')
  return (
    <button
      type="button"
      className="btn"
      disabled={state === 'busy'}
      title={state === 'failed' ? 'Sign-out failed; try again.' : undefined}
      onClick={() => {
        setState('busy')
        signOut().then(
          // A full load, not a client navigation: nothing of the signed-out user stays in memory.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          () => window.location.assign('/login'),
          () => setState('failed'),
        )
      }}
    >
      {state === 'failed' ? 'Sign out (retry)' : 'Sign out'}
    </button>
  )
}
