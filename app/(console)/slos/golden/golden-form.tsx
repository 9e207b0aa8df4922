'use client'
import { useRouter } from 'next/navigation'
import { useRef, useState, useTransition } from 'react'
import { CHECK_KINDS, type GoldenCheck, type GoldenCheckKind } from '@/lib/quality/golden/checks'
import { GOLDEN_LIMITS, utf8Bytes } from '@/lib/quality/golden/limits'
import styles from './golden.module.css'
import { createGoldenSet, updateGoldenSet } from './actions'

export interface GoldenFormChoices {
  teams: string[]
  models: { model: string; served: string | null; team: string | null }[]
}

export interface GoldenFormInitial {
  id: string
  name: string
  team: string
  model: string
  description: string
  enabled: boolean
  prompts: { prompt: string; check: GoldenCheck }[]
}

const KIND_LABEL: Record<GoldenCheckKind, string> = {
  exact: 'exact answer',
  contains: 'contains text',
  regex: 'matches a regex',
  numeric: 'a number within a tolerance',
  json_schema: 'JSON valid against a schema',
  refuses: 'refuses',
}

interface PromptState {
  key: number
  prompt: string
  kind: GoldenCheckKind
  text: string
  pattern: string
  ignoreCase: boolean
  expected: string
  tolerance: string
  schema: string
}

let nextKey = 0
function promptState(p?: { prompt: string; check: GoldenCheck }): PromptState {
  const c = p?.check
  return {
    key: nextKey++,
    prompt: p?.prompt ?? '',
    kind: c?.kind ?? 'exact',
    text: c?.kind === 'exact' ? c.expected : c?.kind === 'contains' ? c.text : '',
    pattern: c?.kind === 'regex' ? c.pattern : '',
    ignoreCase: c && 'ignoreCase' in c ? c.ignoreCase : false,
    expected: c?.kind === 'numeric' ? String(c.expected) : '',
    tolerance: c?.kind === 'numeric' ? String(c.tolerance) : '0',
    schema: c?.kind === 'json_schema' ? c.schema : '',
  }
}

/** The check as the save schema reads it (numbers as typed: blank is an error there, never 0). */
function checkInput(p: PromptState): Record<string, unknown> {
  switch (p.kind) {
    case 'exact':
      return { kind: 'exact', expected: p.text, ignoreCase: p.ignoreCase }
    case 'contains':
      return { kind: 'contains', text: p.text, ignoreCase: p.ignoreCase }
    case 'regex':
      return { kind: 'regex', pattern: p.pattern, ignoreCase: p.ignoreCase }
    case 'numeric':
      return { kind: 'numeric', expected: p.expected, tolerance: p.tolerance }
    case 'json_schema':
      return { kind: 'json_schema', schema: p.schema }
    case 'refuses':
      return { kind: 'refuses' }
  }
}

/**
 * Sizes the server would refuse, checked before sending: a schema near 1 MB would otherwise meet
 * the server-action body limit first and come back as a bare error instead of a field message.
 */
function sizeErrors(prompts: PromptState[]): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  prompts.forEach((p, i) => {
    if (p.prompt.length > GOLDEN_LIMITS.promptChars)
      out[`prompts.${i}.prompt`] = [
        `The prompt has ${p.prompt.length.toLocaleString('en')} characters; at most ${GOLDEN_LIMITS.promptChars.toLocaleString('en')}.`,
      ]
    if (p.kind === 'json_schema' && utf8Bytes(p.schema) > GOLDEN_LIMITS.schemaBytes)
      out[`prompts.${i}.check.schema`] = [
        `The schema is over 1 MB (${GOLDEN_LIMITS.schemaBytes.toLocaleString('en')} bytes).`,
      ]
  })
  return out
}

function FieldError({ errors, name }: { errors: Record<string, string[]>; name: string }) {
  const e = errors[name]
  return e?.length ? (
    <span className="field-error" id={`${name}-error`}>
      {e.join('; ')}
    </span>
  ) : null
}

export function GoldenForm({
  choices,
  initial,
}: {
  choices: GoldenFormChoices
  initial?: GoldenFormInitial
}) {
  const router = useRouter()
  const formRef = useRef<HTMLFormElement>(null)
  const [v, setV] = useState({
    name: initial?.name ?? '',
    team: initial?.team ?? choices.teams[0] ?? '',
    model: initial?.model ?? '',
    description: initial?.description ?? '',
    enabled: initial?.enabled ?? true,
  })
  const [prompts, setPrompts] = useState<PromptState[]>(() =>
    initial?.prompts.length ? initial.prompts.map(promptState) : [promptState()],
  )
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [pending, start] = useTransition()

  const field = (name: string) => ({
    'aria-invalid': Boolean(errors[name]),
    'aria-describedby': `${name}-error`,
  })
  const setPrompt = (i: number, patch: Partial<PromptState>) =>
    setPrompts((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  const focusFirstError = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
  const addPrompt = () => {
    setPrompts((ps) => [...ps, promptState()])
    requestAnimationFrame(() => {
      const all = formRef.current?.querySelectorAll<HTMLTextAreaElement>('textarea[data-prompt]')
      all?.[all.length - 1]?.focus()
    })
  }

  const submit = () => {
    const local = sizeErrors(prompts)
    if (Object.keys(local).length > 0) {
      setErrors(local)
      setMessage('Some fields are not valid; nothing was saved.')
      focusFirstError()
      return
    }
    const set = { ...v, prompts: prompts.map((p) => ({ prompt: p.prompt, check: checkInput(p) })) }
    const bytes = utf8Bytes(JSON.stringify(set))
    if (bytes > GOLDEN_LIMITS.saveBytes) {
      setErrors({})
      setMessage(
        `This golden set is ${Math.ceil(bytes / 1000)} KB; the console saves at most ${GOLDEN_LIMITS.saveBytes / 1000} KB at once. Shorten the prompts or schemas, or split the set.`,
      )
      return
    }
    start(async () => {
      const res = initial ? await updateGoldenSet({ id: initial.id, set }) : await createGoldenSet(set)
      if (res.ok) {
        router.push(`/slos/golden/${res.data.id}`)
        router.refresh()
        return
      }
      const fe: Record<string, string[]> = {}
      for (const [k, msgs] of Object.entries(res.fieldErrors ?? {})) fe[k.replace(/^set\./, '')] = msgs
      setErrors(fe)
      setMessage(res.message)
      focusFirstError()
    })
  }

  const set = (k: 'name' | 'team' | 'model' | 'description') => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value })

  return (
    <form
      ref={formRef}
      className={`panel ${styles.form}`}
      aria-label={initial ? 'Edit golden set' : 'New golden set'}
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <div className={styles.row}>
        <label>
          Name (the evaluation name)
          <input aria-label="Name" value={v.name} onChange={set('name')} required {...field('name')} />
          <FieldError errors={errors} name="name" />
        </label>
        <label>
          Team
          <select aria-label="Team" value={v.team} onChange={set('team')} {...field('team')}>
            {choices.teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <FieldError errors={errors} name="team" />
        </label>
        <label>
          Model
          <select aria-label="Model" value={v.model} onChange={set('model')} {...field('model')}>
            <option value="">—</option>
            {choices.models.map((m) => (
              <option key={m.model} value={m.model}>
                {m.model}
                {m.served ? ` (${m.served})` : ''}
              </option>
            ))}
            {v.model && !choices.models.some((m) => m.model === v.model) ? (
              <option value={v.model}>{v.model} (not running now)</option>
            ) : null}
          </select>
          <FieldError errors={errors} name="model" />
        </label>
        <label className={styles.inline}>
          <input
            type="checkbox"
            checked={v.enabled}
            onChange={(e) => setV({ ...v, enabled: e.target.checked })}
          />
          Probe it
        </label>
      </div>
      <label>
        Description
        <textarea aria-label="Description" rows={2} value={v.description} onChange={set('description')} />
      </label>
      <FieldError errors={errors} name="prompts" />
      {prompts.map((p, i) => {
        const f = (k: string) => `prompts.${i}.${k}`
        return (
          <fieldset key={p.key} className={styles.prompt} aria-label={`Prompt ${i + 1}`}>
            <div className={styles.promptHead}>
              <strong>Prompt {i + 1}</strong>
              <button
                type="button"
                className="btn"
                disabled={prompts.length === 1}
                onClick={() => setPrompts((ps) => ps.filter((_, j) => j !== i))}
                aria-label={`Remove prompt ${i + 1}`}
              >
                Remove
              </button>
            </div>
            <label>
              Prompt
              <textarea
                data-prompt
                aria-label={`Prompt ${i + 1} text`}
                rows={2}
                value={p.prompt}
                onChange={(e) => setPrompt(i, { prompt: e.target.value })}
                {...field(f('prompt'))}
              />
              <FieldError errors={errors} name={f('prompt')} />
            </label>
            <div className={styles.row}>
              <label>
                The answer must be
                <select
                  aria-label={`Prompt ${i + 1} check`}
                  value={p.kind}
                  onChange={(e) => setPrompt(i, { kind: e.target.value as GoldenCheckKind })}
                >
                  {CHECK_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {KIND_LABEL[k]}
                    </option>
                  ))}
                </select>
              </label>
              {p.kind === 'exact' || p.kind === 'contains' ? (
                <label>
                  {p.kind === 'exact' ? 'Expected answer' : 'Required text'}
                  <input
                    aria-label={`Prompt ${i + 1} ${p.kind === 'exact' ? 'expected answer' : 'required text'}`}
                    value={p.text}
                    onChange={(e) => setPrompt(i, { text: e.target.value })}
                    {...field(f(p.kind === 'exact' ? 'check.expected' : 'check.text'))}
                  />
                  <FieldError
                    errors={errors}
                    name={f(p.kind === 'exact' ? 'check.expected' : 'check.text')}
                  />
                </label>
              ) : null}
              {p.kind === 'regex' ? (
                <label>
                  Pattern (RE2 and JavaScript syntax)
                  <input
                    className="mono"
                    aria-label={`Prompt ${i + 1} pattern`}
                    value={p.pattern}
                    onChange={(e) => setPrompt(i, { pattern: e.target.value })}
                    {...field(f('check.pattern'))}
                  />
                  <FieldError errors={errors} name={f('check.pattern')} />
                </label>
              ) : null}
              {p.kind === 'numeric' ? (
                <>
                  <label>
                    Expected number
                    <input
                      className={styles.narrow}
                      inputMode="decimal"
                      aria-label={`Prompt ${i + 1} expected number`}
                      value={p.expected}
                      onChange={(e) => setPrompt(i, { expected: e.target.value })}
                      {...field(f('check.expected'))}
                    />
                    <FieldError errors={errors} name={f('check.expected')} />
                  </label>
                  <label>
                    ± tolerance
                    <input
                      className={styles.narrow}
                      inputMode="decimal"
                      aria-label={`Prompt ${i + 1} tolerance`}
                      value={p.tolerance}
                      onChange={(e) => setPrompt(i, { tolerance: e.target.value })}
                      {...field(f('check.tolerance'))}
                    />
                    <FieldError errors={errors} name={f('check.tolerance')} />
                  </label>
                </>
              ) : null}
              {p.kind === 'exact' || p.kind === 'contains' || p.kind === 'regex' ? (
                <label className={styles.inline}>
                  <input
                    type="checkbox"
                    checked={p.ignoreCase}
                    onChange={(e) => setPrompt(i, { ignoreCase: e.target.checked })}
                  />
                  ignore case
                </label>
              ) : null}
            </div>
            {p.kind === 'json_schema' ? (
              <label>
                JSON schema (draft-07; at most 1 MB)
                <textarea
                  className="mono"
                  rows={5}
                  aria-label={`Prompt ${i + 1} JSON schema`}
                  value={p.schema}
                  onChange={(e) => setPrompt(i, { schema: e.target.value })}
                  {...field(f('check.schema'))}
                />
                <FieldError errors={errors} name={f('check.schema')} />
              </label>
            ) : null}
          </fieldset>
        )
      })}
      <div>
        <button
          type="button"
          className="btn"
          onClick={addPrompt}
          disabled={prompts.length >= GOLDEN_LIMITS.promptsPerSet}
        >
          Add prompt
        </button>
      </div>
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      <div>
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? 'Saving…' : initial ? 'Save golden set' : 'Create golden set'}
        </button>
      </div>
    </form>
  )
}
