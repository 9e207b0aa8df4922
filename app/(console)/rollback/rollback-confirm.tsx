'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { rollbackDeployment } from './actions'

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
    <div className="mt-8">
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
            const res = await rollbackDeployment(props)
            if (res.ok && !res.data.noop) {
              // The revision rolled back to is gone now (it became the current one): the page
              // without it shows the outcome, and the link to it can be shared.
              const q = new URLSearchParams({
                cluster: props.cluster,
                namespace: props.namespace,
                name: props.name,
                done: String(props.revision),
                ...(res.hold ? { hold: res.hold.auditId } : {}),
              })
              router.replace(`/rollback?${q.toString()}`)
              return
            }
            if (res.ok) {
              setMessage({ ok: true, text: 'Nothing to do: that revision is already the current template.' })
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
