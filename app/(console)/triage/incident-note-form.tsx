'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { saveIncidentNote } from './actions'

export function IncidentNoteForm(props: { sloId: string; onset: string | null; state: string }) {
  const router = useRouter()
  const [body, setBody] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const [pending, start] = useTransition()
  return (
    <form
      className="stack"
      aria-label="Incident note"
      onSubmit={(e) => {
        e.preventDefault()
        start(async () => {
          const res = await saveIncidentNote({
            sloId: props.sloId,
            body,
            onset: props.onset,
            state: props.state as 'page' | 'ticket' | 'ok' | 'no_data',
          })
          if (res.ok) {
            setBody('')
            setError(null)
            setSaved(true)
            router.refresh()
          } else {
            setError(res.fieldErrors?.body?.join('; ') ?? res.message)
            setSaved(false)
          }
        })
      }}
    >
      <label>
        Incident note
        <textarea
          rows={3}
          value={body}
          maxLength={2000}
          onChange={(e) => {
            setBody(e.target.value)
            setSaved(false)
          }}
          placeholder="What you saw, what you did, who you told."
        />
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row">
        <button className="btn primary" type="submit" disabled={pending || body.trim() === ''}>
          {pending ? 'Saving…' : 'Save note'}
        </button>
        {saved ? (
          <span className="muted" role="status">
            Saved to the incident and the audit trail.
          </span>
        ) : null}
      </div>
    </form>
  )
}
