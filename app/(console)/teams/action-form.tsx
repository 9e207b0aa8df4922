'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { ActionMessage } from '@/components/ui/action-message'
import type { ActionResult } from '@/lib/errors'

export interface Field {
  name: string
  label: string
  type?: 'text' | 'number' | 'select' | 'textarea'
  options?: { value: string; label: string }[]
  defaultValue?: string
  width?: number
}

/**
 * A small keyboard-friendly form for one server action: fields in, typed result out, field errors
 * inline, one sentence for a form-level failure. `build` turns the form's strings into the input.
 */
export function ActionForm(props: {
  label: string
  submit: string
  fields: Field[]
  hidden?: Record<string, unknown>
  build?: (values: Record<string, string>) => Record<string, unknown>
  action: (input: unknown) => Promise<ActionResult<unknown>>
  success: string
}) {
  const router = useRouter()
  const [pending, start] = useTransition()
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  return (
    <form
      className="filters"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault()
        const values = Object.fromEntries(
          [...new FormData(e.currentTarget).entries()].map(([k, v]) => [k, String(v)]),
        ) as Record<string, string>
        const input = { ...(props.hidden ?? {}), ...(props.build ? props.build(values) : values) }
        start(async () => {
          const res = await props.action(input)
          setErrors(res.ok ? {} : (res.fieldErrors ?? {}))
          setMsg(res.ok ? { ok: true, text: props.success } : { ok: false, text: res.message })
          router.refresh()
        })
      }}
    >
      {props.fields.map((f) => (
        <label key={f.name}>
          {f.label}
          {f.type === 'select' ? (
            <select name={f.name} defaultValue={f.defaultValue}>
              {(f.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : f.type === 'textarea' ? (
            <textarea
              name={f.name}
              defaultValue={f.defaultValue}
              rows={2}
              style={{ width: f.width ?? 260 }}
            />
          ) : (
            <input
              name={f.name}
              defaultValue={f.defaultValue}
              inputMode={f.type === 'number' ? 'numeric' : undefined}
              style={{ width: f.width ?? 140 }}
            />
          )}
          {errors[f.name]?.map((m) => (
            <span key={m} className="field-error">
              {m}
            </span>
          ))}
        </label>
      ))}
      <button className="btn" type="submit" disabled={pending}>
        {pending ? 'Working…' : props.submit}
      </button>
      <ActionMessage msg={msg} />
    </form>
  )
}
