'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { revertChange } from './actions'

export function RevertButton({ auditId }: { auditId: string }) {
  const router = useRouter()
  const [pending, start] = useTransition()
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  if (message) {
    return (
      <span className={message.ok ? 'badge ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
        {message.text}
      </span>
    )
  }
  if (!confirming) {
    return (
      <button type="button" className="btn" onClick={() => setConfirming(true)}>
        Revert…
      </button>
    )
  }
  return (
    <span style={{ display: 'inline-flex', gap: 6 }}>
      <button
        type="button"
        className="btn danger"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const res = await revertChange({ auditId })
            if (res.ok) {
              setMessage({ ok: true, text: 'Reverted.' })
              router.refresh()
            } else {
              const now = res.current ? ` Current: ${JSON.stringify(res.current)}` : ''
              setMessage({ ok: false, text: res.message + now })
            }
          })
        }
      >
        {pending ? 'Reverting…' : 'Yes, revert to before'}
      </button>
      <button type="button" className="btn" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </span>
  )
}
