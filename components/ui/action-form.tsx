'use client'
import { useId, useState, useTransition } from 'react'
import { useRouter } from 'next/navigation'
import { ActionMessage } from '@/components/ui/action-message'
import type { ActionResult } from '@/lib/errors'

export interface Field {
  name: string
  label: string
  /** number: a text box with a decimal keypad (quantities and money keep their exact digits) */
  type?: 'text' | 'number' | 'date' | 'select' | 'textarea'
  options?: { value: string; label: string }[]
  /** suggestions for a text field (a datalist): free input, known values offered */
  list?: string[]
  defaultValue?: string
  /** the box's width, one of the global field-* sizes (text boxes default to md, text areas to xl) */
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl' | 'xxl'
}

/**
 * A small keyboard-friendly form for one server action: fields in, typed result out, field errors
 * inline and marked invalid, one sentence for a form-level failure. `build` turns the form's
 * strings into the action's input; `hidden` adds fixed values (e.g. the team the form is for).
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
  const id = useId()
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
        setMsg(null)
        start(async () => {
          const res = await props.action(input)
          setErrors(res.ok ? {} : (res.fieldErrors ?? {}))
          setMsg(res.ok ? { ok: true, text: props.success } : { ok: false, text: res.message })
          // also after a refusal: a conflict's message names the current values, and so should the page
          router.refresh()
        })
      }}
    >
      {props.fields.map((f) => {
        const invalid = Boolean(errors[f.name])
        const listId = f.list ? `${id}-${f.name}` : undefined
        return (
          <label key={f.name}>
            {f.label}
            {f.type === 'select' ? (
              <select name={f.name} defaultValue={f.defaultValue} aria-invalid={invalid}>
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
                aria-invalid={invalid}
                rows={2}
                className={`field-${f.size ?? 'xl'}`}
              />
            ) : (
              <input
                name={f.name}
                type={f.type === 'date' ? 'date' : 'text'}
                inputMode={f.type === 'number' ? 'decimal' : undefined}
                list={listId}
                defaultValue={f.defaultValue}
                aria-invalid={invalid}
                className={`field-${f.size ?? 'md'}`}
              />
            )}
            {f.list ? (
              <datalist id={listId}>
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
        )
      })}
      <button className="btn primary" type="submit" disabled={pending}>
        {pending ? 'Working…' : props.submit}
      </button>
      <ActionMessage msg={msg} />
    </form>
  )
}
