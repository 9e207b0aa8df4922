'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { rollbackDeploymentAction } from './actions'

export function RollbackConfirm(props: {
  cluster: string
  namespace: string
  name: string
  revision: number
  /** The Deployment's metadata.generation shown: the rollback is conditional on it. */
  generation: number
}) {
  const router = useRouter()
  const [pending, start] = useTransition()
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  return (
    <div style={{ marginTop: 8 }}>
      {message ? (
        <p className={message.ok ? 'muted' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      <button
        type="button"
        className="btn danger"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await rollbackDeploymentAction(props)
            if (res.ok) {
              setMessage({
                ok: true,
                text: res.data.noop
                  ? 'Nothing to do: that revision is already the current template.'
                  : `Rolled back to revision ${props.revision}. The deployment controller is rolling out a new revision.`,
              })
            } else {
              setMessage({ ok: false, text: res.message })
            }
            router.refresh()
          })
        }
      >
        {pending ? 'Rolling back…' : `Roll back to revision ${props.revision}`}
      </button>
    </div>
  )
}
