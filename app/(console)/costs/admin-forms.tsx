'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import type { ActionResult } from '@/lib/errors'
import { setGpuPriceAction, setModelPriceAction, setTeamBudgetAction } from './actions'

interface Field {
  name: string
  label: string
  type?: 'text' | 'number' | 'date'
  list?: string[]
  initial?: string
  width?: number
}

function ActionForm(props: {
  label: string
  fields: Field[]
  submit: string
  run: (values: Record<string, string>) => Promise<ActionResult<unknown>>
  done: string
}) {
  const router = useRouter()
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(props.fields.map((f) => [f.name, f.initial ?? ''])),
  )
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, start] = useTransition()
  return (
    <form
      aria-label={props.label}
      className="filters"
      style={{ alignItems: 'flex-end', marginTop: 8 }}
      onSubmit={(e) => {
        e.preventDefault()
        setMessage(null)
        start(async () => {
          const res = await props.run(values)
          if (res.ok) {
            setErrors({})
            setMessage({ ok: true, text: props.done })
            router.refresh()
          } else {
            setErrors(res.fieldErrors ?? {})
            setMessage({ ok: false, text: res.message })
          }
        })
      }}
    >
      {props.fields.map((f) => (
        <label key={f.name}>
          {f.label}
          <input
            name={f.name}
            type={f.type === 'number' ? 'text' : (f.type ?? 'text')}
            inputMode={f.type === 'number' ? 'decimal' : undefined}
            list={f.list ? `${props.label}-${f.name}` : undefined}
            value={values[f.name] ?? ''}
            aria-invalid={Boolean(errors[f.name])}
            onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            style={{ width: f.width ?? 140 }}
          />
          {f.list ? (
            <datalist id={`${props.label}-${f.name}`}>
              {f.list.map((v) => (
                <option key={v} value={v} />
              ))}
            </datalist>
          ) : null}
          {errors[f.name]?.map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
        </label>
      ))}
      <button type="submit" className="btn primary" disabled={pending}>
        {pending ? 'Saving…' : props.submit}
      </button>
      {message ? (
        <p
          className={message.ok ? 'muted' : 'form-error'}
          role={message.ok ? 'status' : 'alert'}
          style={{ width: '100%' }}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  )
}

const today = () => new Date().toISOString().slice(0, 10)

export function ModelPriceForm({ models }: { models: string[] }) {
  return (
    <ActionForm
      label="Set model price"
      submit="Set price"
      done="Price saved; costs from its date on were recomputed."
      fields={[
        { name: 'model', label: 'Served model', list: models, width: 300 },
        { name: 'effectiveFrom', label: 'Effective from (UTC)', type: 'date', initial: today() },
        { name: 'inputPerM', label: 'Input / 1M', type: 'number', width: 100 },
        { name: 'cachedPerM', label: 'Cached input / 1M', type: 'number', width: 100 },
        { name: 'outputPerM', label: 'Output / 1M', type: 'number', width: 100 },
      ]}
      run={(v) => setModelPriceAction(v)}
    />
  )
}

export function GpuPriceForm({ products }: { products: string[] }) {
  return (
    <ActionForm
      label="Set GPU price"
      submit="Set price"
      done="Price saved; costs from its date on were recomputed."
      fields={[
        { name: 'product', label: 'GPU product', list: products, width: 240 },
        { name: 'effectiveFrom', label: 'Effective from (UTC)', type: 'date', initial: today() },
        { name: 'perHour', label: 'Per GPU-hour', type: 'number', width: 100 },
      ]}
      run={(v) => setGpuPriceAction(v)}
    />
  )
}

export function BudgetForm({ teams }: { teams: string[] }) {
  return (
    <ActionForm
      label="Set budget"
      submit="Set budget"
      done="Budget saved."
      fields={[
        { name: 'team', label: 'Team', list: teams, width: 160 },
        { name: 'monthly', label: 'Monthly budget (0 removes)', type: 'number', width: 160 },
        { name: 'warnAtPercent', label: 'Warn at %', type: 'number', initial: '80', width: 80 },
      ]}
      run={(v) => setTeamBudgetAction(v)}
    />
  )
}
