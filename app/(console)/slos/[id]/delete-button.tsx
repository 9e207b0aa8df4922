'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { deleteSlo } from '../actions'

export function DeleteSloButton({ id, name }: { id: string; name: string }) {
  const router = useRouter()
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, start] = useTransition()
  if (!confirming) {
    return (
      <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
        Delete SLO…
      </button>
    )
  }
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
      <button
        type="button"
        className="btn danger"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await deleteSlo({ id })
            if (res.ok) {
              router.push('/slos')
              router.refresh()
            } else setError(res.message)
          })
        }
      >
        {pending ? 'Deleting…' : `Yes, delete “${name}” and its notes`}
      </button>
      <button type="button" className="btn" onClick={() => setConfirming(false)}>
        Cancel
      </button>
      {error ? (
        <span className="form-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  )
}
