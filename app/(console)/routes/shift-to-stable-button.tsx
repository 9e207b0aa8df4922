'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { shiftToStable } from './actions'

export function ShiftToStableButton(props: {
  cluster: string
  namespace: string
  name: string
  ruleIndex: number
  /** The backend the user is shown (and confirms): the action refuses if the stable label moved. */
  stable: string
}) {
  const router = useRouter()
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, start] = useTransition()
  if (!confirming) {
    return (
      <button type="button" className="btn danger" onClick={() => setConfirming(true)}>
        Shift all to stable
      </button>
    )
  }
  return (
    <div className="panel" role="group" aria-label="Confirm shift to stable">
      <p style={{ margin: '0 0 8px' }}>
        Send 100% of rule {props.ruleIndex} to <strong>{props.stable}</strong>; every other backend gets
        weight 0.
      </p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div style={{ display: 'flex', gap: 8 }}>
        <button
          type="button"
          className="btn danger"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const res = await shiftToStable(props)
              if (res.ok) {
                setConfirming(false)
                router.refresh()
              } else {
                setError(res.message)
                if (res.code === 'conflict') router.refresh()
              }
            })
          }
        >
          {pending ? 'Shifting…' : `Yes, shift to ${props.stable}`}
        </button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </div>
  )
}
