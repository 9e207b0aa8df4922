'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { ActionMessage } from '@/components/ui/action-message'
import { parseQuantity } from '@/lib/validations/quantity'
import { microsText } from '@/lib/cost/money'
import { setGpuQuota, setTeamBudget, setTokenLimit } from './actions'

/**
 * The value a change starts from. A refresh after someone else's change does not move it; the
 * user does, by taking theirs after a conflict (so nobody overwrites a change they never saw).
 */
function useStartingPoint<T>(initial: T) {
  const [from, setFrom] = useState(initial)
  const [theirs, setTheirs] = useState<{ value: T } | null>(null)
  return {
    from,
    theirs,
    applied: (v: T) => {
      setFrom(v)
      setTheirs(null)
    },
    conflicted: (v: T) => setTheirs({ value: v }),
    takeTheirs: () => {
      if (theirs) setFrom(theirs.value)
      setTheirs(null)
    },
  }
}

function TakeTheirs(props: { theirs: string; onTake: () => void }) {
  return (
    <button type="button" className="btn" onClick={props.onTake}>
      Start from theirs ({props.theirs})
    </button>
  )
}

export function GpuQuotaForm(props: {
  cluster: string
  namespace: string
  hard: string | null
  used: string | null
}) {
  const router = useRouter()
  const start0 = useStartingPoint(props.hard)
  const [value, setValue] = useState(props.hard ?? '')
  const [confirm, setConfirm] = useState(false)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, start] = useTransition()
  const wanted = parseQuantity(value)
  const used = parseQuantity(props.used ?? '0') ?? 0
  const below = wanted !== null && wanted < used
  return (
    <form
      className="filters mt-6"
      aria-label={`GPU quota of ${props.namespace} on ${props.cluster}`}
      onSubmit={(e) => {
        e.preventDefault()
        start(async () => {
          const res = await setGpuQuota({
            cluster: props.cluster,
            namespace: props.namespace,
            hard: value,
            from: start0.from,
            ...(below ? { confirmBelowUse: confirm } : {}),
          })
          if (res.ok) start0.applied(value.trim())
          else if (res.code === 'conflict')
            start0.conflicted((res.current as { hard?: string | null } | undefined)?.hard ?? null)
          setMsg(res.ok ? { ok: true, text: 'Quota set.' } : { ok: false, text: res.message })
          router.refresh()
        })
      }}
    >
      <label>
        New hard limit
        <input
          className="field-sm"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-label="GPU limit"
        />
      </label>
      {below ? (
        <label className="check">
          <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
          Below current use ({props.used}): apply anyway
        </label>
      ) : null}
      <button
        className="btn"
        type="submit"
        disabled={pending || start0.theirs !== null || value.trim() === '' || (below && !confirm)}
      >
        {pending ? 'Saving…' : 'Set quota'}
      </button>
      {start0.theirs ? (
        <TakeTheirs theirs={start0.theirs.value ?? 'none'} onTake={start0.takeTheirs} />
      ) : null}
      <ActionMessage msg={msg} />
    </form>
  )
}

export function TokenLimitForm(props: { cluster: string; team: string; tokensPerHour: number | null }) {
  const router = useRouter()
  const start0 = useStartingPoint(props.tokensPerHour)
  const [value, setValue] = useState(props.tokensPerHour === null ? '' : String(props.tokensPerHour))
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, start] = useTransition()
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN
  return (
    <form
      className="filters mt-6"
      aria-label={`Token limit of ${props.team} on ${props.cluster}`}
      onSubmit={(e) => {
        e.preventDefault()
        start(async () => {
          const res = await setTokenLimit({
            cluster: props.cluster,
            team: props.team,
            tokensPerHour: n,
            from: start0.from,
          })
          if (res.ok) start0.applied(n)
          else if (res.code === 'conflict')
            start0.conflicted(
              (res.current as { tokensPerHour?: number | null } | undefined)?.tokensPerHour ?? null,
            )
          setMsg(res.ok ? { ok: true, text: 'Limit set.' } : { ok: false, text: res.message })
          router.refresh()
        })
      }}
    >
      <label>
        Tokens per hour
        <input
          className="field-md"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          inputMode="numeric"
        />
      </label>
      <button
        className="btn"
        type="submit"
        disabled={pending || start0.theirs !== null || !Number.isFinite(n)}
      >
        {pending ? 'Saving…' : 'Set limit'}
      </button>
      {start0.theirs ? (
        <TakeTheirs theirs={String(start0.theirs.value ?? 'none')} onTake={start0.takeTheirs} />
      ) : null}
      <ActionMessage msg={msg} />
    </form>
  )
}

/** `monthly` in micro-units of `currency` (the report currency), shown and typed in units. */
export function BudgetForm(props: {
  team: string
  monthly: number | null
  warnAt: number
  currency: string
}) {
  const router = useRouter()
  const [value, setValue] = useState(props.monthly === null ? '' : microsText(props.monthly))
  const [warn, setWarn] = useState(String(Math.round(props.warnAt * 100)))
  const [confirmRemove, setConfirmRemove] = useState(false)
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, start] = useTransition()
  // Removing is its own, confirmed control: a blank amount is an error, never "no budget".
  const submit = (input: Record<string, unknown>, done: string) =>
    start(async () => {
      const res = await setTeamBudget({ team: props.team, ...input })
      setMsg(
        res.ok
          ? { ok: true, text: done }
          : {
              ok: false,
              text: res.fieldErrors ? Object.values(res.fieldErrors).flat().join(' ') : res.message,
            },
      )
      setConfirmRemove(false)
      if (res.ok && 'remove' in input) setValue('')
      router.refresh()
    })
  return (
    <form
      className="filters mt-6"
      aria-label={`Monthly budget of ${props.team}`}
      onSubmit={(e) => {
        e.preventDefault()
        submit({ monthly: value, warnAtPercent: warn }, 'Budget saved.')
      }}
    >
      <label>
        Monthly budget, {props.currency}
        <input
          className="field-sm"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          inputMode="decimal"
        />
      </label>
      <label>
        Warn at %
        <input
          className="field-xs"
          value={warn}
          onChange={(e) => setWarn(e.target.value)}
          inputMode="numeric"
        />
      </label>
      <button className="btn" type="submit" disabled={pending || value.trim() === ''}>
        {pending ? 'Saving…' : 'Set budget'}
      </button>
      {props.monthly === null ? null : confirmRemove ? (
        <>
          <button
            className="btn danger"
            type="button"
            disabled={pending}
            onClick={() => submit({ remove: true }, 'Budget removed.')}
          >
            Yes, remove the budget
          </button>
          <button className="btn" type="button" onClick={() => setConfirmRemove(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button className="btn" type="button" disabled={pending} onClick={() => setConfirmRemove(true)}>
          Remove budget
        </button>
      )}
      <ActionMessage msg={msg} />
    </form>
  )
}
