'use client'
import { HoldStatus } from '@/components/ui/hold-status'
import type { HoldTicket } from '@/lib/errors'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { MAX_WEIGHT, weightShares } from '@/lib/validations/route-weights-shares'
import { pauseOwnerThenSetWeights, setRouteWeights } from './actions'

interface Backend {
  /** group/kind/namespace/name: unique in the rule (two backends may share a name) */
  key?: string
  name: string
  weight: number
}

/** After a conflict: the weights someone else wrote, beside what this user saw and typed. */
interface Conflict {
  theirs: Backend[]
}

/**
 * The route's owner re-applies it (Flux not suspended, Argo CD auto-sync on) and the user may pause
 * it: the editor offers the owner's path first, as one action that pauses, changes, and undoes the
 * pause if the change fails.
 */
export interface PauseFirst {
  /** e.g. "Suspend Kustomization" / "Disable auto-sync" */
  verb: string
  /** the owner object, e.g. "Kustomization flux-system/vision-serving" */
  what: string
  ownerResourceVersion: string
}

export function WeightsEditor(props: {
  cluster: string
  namespace: string
  name: string
  ruleIndex: number
  backends: Backend[]
  pauseFirst?: PauseFirst | null
}) {
  const router = useRouter()
  const [open, setOpen] = useState(false)
  // What the user started from: the write is conditional on it. A page refresh does not move it;
  // only the user does, by accepting theirs after a conflict.
  const [seen, setSeen] = useState(props.backends)
  const [values, setValues] = useState(props.backends.map((b) => String(b.weight)))
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [confirmDrain, setConfirmDrain] = useState(false)
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({})
  // The last applied change's hold check, shown beside the closed editor until it held or not.
  const [hold, setHold] = useState<HoldTicket | null>(null)
  const [pending, start] = useTransition()

  const parsed = values.map((v) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN))
  const valid = parsed.every((n) => Number.isInteger(n) && n >= 0 && n <= MAX_WEIGHT)
  const shares = weightShares(parsed.map((n) => (Number.isFinite(n) ? n : 0)))
  const allZero = valid && parsed.every((n) => n === 0)
  const changed = parsed.some((n, i) => n !== seen[i]?.weight)
  const pauseFirst = props.pauseFirst ?? null
  const disabled = pending || conflict !== null || !valid || !changed || (allZero && !confirmDrain)

  if (!open) {
    return (
      <>
        {hold ? <HoldStatus key={hold.auditId} ticket={hold} /> : null}{' '}
        <button
          type="button"
          className="btn"
          onClick={() => {
            setSeen(props.backends)
            setValues(props.backends.map((b) => String(b.weight)))
            setConflict(null)
            setMessage(null)
            setOpen(true)
          }}
        >
          Edit weights
        </button>
      </>
    )
  }
  return (
    <form
      className="panel mt-8"
      aria-label={`Edit weights of ${props.namespace}/${props.name} rule ${props.ruleIndex}`}
      onSubmit={(e) => {
        e.preventDefault()
        // Enter and the primary button take the owner's path when there is one.
        const submitter = (e.nativeEvent as SubmitEvent).submitter
        const viaOwner = Boolean(pauseFirst) && submitter?.getAttribute('data-plain') !== 'true'
        setMessage(null)
        start(async () => {
          const change = {
            cluster: props.cluster,
            namespace: props.namespace,
            name: props.name,
            ruleIndex: props.ruleIndex,
            backends: seen.map((b, i) => ({ name: b.name, from: b.weight, weight: parsed[i] })),
            ...(allZero ? { confirmDrain } : {}),
          }
          const res =
            viaOwner && pauseFirst
              ? await pauseOwnerThenSetWeights({
                  ownerResourceVersion: pauseFirst.ownerResourceVersion,
                  change,
                })
              : await setRouteWeights(change)
          if (res.ok) {
            setMessage({ kind: 'ok', text: 'Weights applied.' })
            setHold(('weights' in res.data ? res.data.hold : res.hold) ?? null)
            setFieldErrors({})
            setOpen(false)
            router.refresh()
          } else {
            // The combined action names its fields under `change.`; the inputs know them without it.
            setFieldErrors(
              Object.fromEntries(
                Object.entries(res.fieldErrors ?? {}).map(([k, v]) => [k.replace(/^change\./, ''), v]),
              ),
            )
            const current = res.current as { backends?: Backend[] } | undefined
            if (res.code === 'conflict' && current?.backends) {
              setConflict({ theirs: current.backends })
              router.refresh()
            }
            setMessage({ kind: 'error', text: res.message })
          }
        })
      }}
    >
      {conflict ? (
        <div role="group" aria-label="Theirs and yours">
          <table className="table" data-testid="weights-conflict">
            <thead>
              <tr>
                <th>Backend</th>
                <th>You started from</th>
                <th>Theirs (now)</th>
                <th>Yours</th>
              </tr>
            </thead>
            <tbody>
              {conflict.theirs.map((t, i) => (
                <tr key={seen[i]?.key ?? `${i}/${t.name}`} data-backend={t.name}>
                  <td>{t.name}</td>
                  <td>{seen[i]?.weight ?? '—'}</td>
                  <td>
                    <strong>{t.weight}</strong>
                  </td>
                  <td>{values[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button
              type="button"
              className="btn"
              onClick={() => {
                // A fresh plan: theirs is the new starting point; the typed weights stay to review.
                setSeen(conflict.theirs)
                setConflict(null)
                setMessage(null)
              }}
            >
              Start from theirs, keep my weights
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setSeen(conflict.theirs)
                setValues(conflict.theirs.map((b) => String(b.weight)))
                setConflict(null)
                setMessage(null)
              }}
            >
              Take theirs
            </button>
          </div>
        </div>
      ) : null}
      <div className="filters">
        {seen.map((b, i) => (
          <label key={b.key ?? `${i}/${b.name}`}>
            {b.name}
            <input
              className="field-sm"
              inputMode="numeric"
              value={values[i]}
              aria-invalid={!Number.isFinite(parsed[i])}
              onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))}
            />
            <span className="muted">
              {b.weight} → {Number.isFinite(parsed[i]) ? parsed[i] : '?'} ({(shares[i] ?? 0).toFixed(1)}%)
            </span>
            {fieldErrors[`backends.${i}.weight`]?.map((m) => (
              <span key={m} className="field-error">
                {m}
              </span>
            ))}
          </label>
        ))}
      </div>
      {!valid ? (
        <p className="field-error">Weights are whole numbers from 0 to {MAX_WEIGHT.toLocaleString('en')}.</p>
      ) : null}
      {allZero ? (
        <label className="check">
          <input type="checkbox" checked={confirmDrain} onChange={(e) => setConfirmDrain(e.target.checked)} />
          Yes, drain this route: all weights are zero, so it will send no traffic.
        </label>
      ) : null}
      {message ? (
        <p
          className={message.kind === 'error' ? 'form-error' : 'muted'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      {pauseFirst ? (
        <p className="muted" data-testid="pause-first">
          {pauseFirst.what} re-applies this route. “{pauseFirst.verb}, then apply” pauses it first (audited),
          then applies; if the change fails, the pause is undone. Resume it on this page once Git has the
          change.
        </p>
      ) : null}
      <div className="row">
        {pauseFirst ? (
          <>
            <button type="submit" className="btn primary" disabled={disabled}>
              {pending ? 'Applying…' : `${pauseFirst.verb}, then apply`}
            </button>
            <button type="submit" className="btn" data-plain="true" disabled={disabled}>
              Apply without pausing
            </button>
          </>
        ) : (
          <button type="submit" className="btn primary" disabled={disabled}>
            {pending ? 'Applying…' : 'Apply'}
          </button>
        )}
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  )
}
