'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition } from 'react'
import { SCORE_STEPS } from '@/lib/metrics/contract'
import type { SloDefinition } from '@/lib/slo/types'
import { createSlo, updateSlo } from './actions'
import styles from './slos.module.css'

export interface FormChoices {
  teams: string[]
  models: { model: string; served: string | null; versions: string[]; team: string | null }[]
  routes: { namespace: string; name: string }[]
  clusters: string[]
}

/** Bucket bounds of vLLM's TTFT histogram as the simulator exports it (docs/QUALITY-METRICS.md). */
const TTFT_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5]

function FieldError({ errors, name }: { errors: Record<string, string[]>; name: string }) {
  const e = errors[name]
  return e?.length ? (
    <span className="field-error" id={`${name}-error`}>
      {e.join('; ')}
    </span>
  ) : null
}

export function SloForm({ choices, initial }: { choices: FormChoices; initial?: SloDefinition }) {
  const router = useRouter()
  const t = initial?.target
  const [v, setV] = useState({
    name: initial?.name ?? '',
    team: initial?.team ?? choices.teams[0] ?? '',
    description: initial?.description ?? '',
    sliKind: initial?.sliKind ?? 'quality',
    targetKind: t?.kind ?? 'model',
    model: t?.model ?? '',
    version: t?.version ?? '',
    route: t?.namespace && t.route ? `${t.namespace}/${t.route}` : '',
    cluster: t?.cluster ?? '',
    objectivePercent: initial ? String(Number((initial.objective * 100).toFixed(3))) : '99.5',
    windowDays: String(initial?.windowDays ?? 30),
    latencyThreshold: String(initial?.latencyThreshold ?? 0.5),
    qualitySource: initial?.qualitySource ?? 'legacy',
    evaluationName: initial?.evaluationName ?? '',
    scoreThreshold: String(initial?.scoreThreshold ?? 0.8),
    customGood: initial?.customGood ?? '',
    customTotal: initial?.customTotal ?? '',
  })
  const [advanced, setAdvanced] = useState(Boolean(initial?.customGood))
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [message, setMessage] = useState<string | null>(null)
  const [pending, start] = useTransition()
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value })
  const model = choices.models.find((m) => m.model === v.model)
  const [namespace, routeName] = v.route.split('/')
  const evaluations = v.sliKind === 'quality' && v.qualitySource !== 'legacy'

  const submit = () => {
    const slo = {
      name: v.name,
      team: v.team,
      description: v.description,
      sliKind: v.sliKind,
      targetKind: v.targetKind,
      model: v.targetKind === 'route' ? '' : v.model,
      servedModel: v.targetKind === 'route' ? '' : (model?.served ?? ''),
      version: v.targetKind === 'version' ? v.version : '',
      namespace: v.targetKind === 'route' ? (namespace ?? '') : '',
      route: v.targetKind === 'route' ? (routeName ?? '') : '',
      cluster: v.cluster,
      // The typed strings: the schema reads numbers, so a blank field is an error, never 0.
      objectivePercent: v.objectivePercent,
      windowDays: v.windowDays,
      latencyThreshold: v.sliKind === 'latency' ? v.latencyThreshold : null,
      qualitySource: v.qualitySource,
      evaluationName: evaluations ? v.evaluationName : '',
      scoreThreshold: evaluations && v.qualitySource === 'evaluation_score' ? v.scoreThreshold : null,
      customGood: advanced ? v.customGood : '',
      customTotal: advanced ? v.customTotal : '',
    }
    start(async () => {
      const res = initial ? await updateSlo({ id: initial.id, slo }) : await createSlo(slo)
      if (res.ok) {
        router.push(`/slos/${res.data.id}`)
        router.refresh()
        return
      }
      const fe: Record<string, string[]> = {}
      for (const [k, msgs] of Object.entries(res.fieldErrors ?? {})) fe[k.replace(/^slo\./, '')] = msgs
      setErrors(fe)
      setMessage(res.message)
    })
  }

  const field = (name: string) => ({
    'aria-invalid': Boolean(errors[name]),
    'aria-describedby': `${name}-error`,
  })
  return (
    <form
      className={`panel ${styles.form}`}
      aria-label={initial ? 'Edit SLO' : 'New SLO'}
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <label>
        Name
        <input aria-label="Name" value={v.name} onChange={set('name')} required {...field('name')} />
        <FieldError errors={errors} name="name" />
      </label>
      <div className="filters">
        <label>
          Team
          <select aria-label="Team" value={v.team} onChange={set('team')} {...field('team')}>
            {choices.teams.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
          <FieldError errors={errors} name="team" />
        </label>
        <label>
          SLI
          <select aria-label="SLI" value={v.sliKind} onChange={set('sliKind')}>
            <option value="quality">quality (good evaluation outcomes)</option>
            <option value="latency">latency (time to first token)</option>
            <option value="availability">availability (non-5xx responses)</option>
          </select>
        </label>
        {v.sliKind === 'quality' ? (
          <label>
            Evaluations
            <select aria-label="Evaluations" value={v.qualitySource} onChange={set('qualitySource')}>
              <option value="evaluation_label">OpenTelemetry results labelled pass or correct</option>
              <option value="evaluation_score">OpenTelemetry results scoring at least</option>
              <option value="legacy">aire_eval_outcomes_total (our original counters)</option>
            </select>
          </label>
        ) : null}
        {evaluations ? (
          <label>
            Evaluation name
            <input
              aria-label="Evaluation name"
              value={v.evaluationName}
              onChange={set('evaluationName')}
              placeholder="gen_ai.evaluation.name, e.g. faithfulness"
              {...field('evaluationName')}
            />
            <FieldError errors={errors} name="evaluationName" />
          </label>
        ) : null}
        {evaluations && v.qualitySource === 'evaluation_score' ? (
          <label>
            Score at least
            <select
              aria-label="Score at least"
              value={v.scoreThreshold}
              onChange={set('scoreThreshold')}
              {...field('scoreThreshold')}
            >
              {SCORE_STEPS.map((t) => (
                <option key={t} value={String(t)}>
                  {t}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="scoreThreshold" />
          </label>
        ) : null}
        {v.sliKind === 'latency' ? (
          <label>
            TTFT at most (s)
            <select
              aria-label="TTFT at most (s)"
              value={v.latencyThreshold}
              onChange={set('latencyThreshold')}
              {...field('latencyThreshold')}
            >
              {TTFT_BOUNDS.map((b) => (
                <option key={b} value={String(b)}>
                  {b}
                </option>
              ))}
            </select>
            <FieldError errors={errors} name="latencyThreshold" />
          </label>
        ) : null}
      </div>
      <div className="filters">
        <label>
          Target
          <select aria-label="Target" value={v.targetKind} onChange={set('targetKind')}>
            <option value="model">a model</option>
            <option value="version">a model version</option>
            <option value="route">a route</option>
          </select>
        </label>
        {v.targetKind !== 'route' ? (
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
            </select>
            <FieldError errors={errors} name="model" />
          </label>
        ) : (
          <label>
            Route
            <select aria-label="Route" value={v.route} onChange={set('route')} {...field('route')}>
              <option value="">—</option>
              {choices.routes.map((r) => (
                <option key={`${r.namespace}/${r.name}`}>{`${r.namespace}/${r.name}`}</option>
              ))}
            </select>
            <FieldError errors={errors} name="route" />
            <FieldError errors={errors} name="namespace" />
          </label>
        )}
        {v.targetKind === 'version' ? (
          <label>
            Version
            <select aria-label="Version" value={v.version} onChange={set('version')} {...field('version')}>
              <option value="">—</option>
              {(model?.versions ?? []).map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
            <FieldError errors={errors} name="version" />
          </label>
        ) : null}
        <label>
          Cluster
          <select aria-label="Cluster" value={v.cluster} onChange={set('cluster')}>
            <option value="">all clusters</option>
            {choices.clusters.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="filters">
        <label>
          Objective (%)
          <input
            className="field-sm"
            aria-label="Objective (%)"
            value={v.objectivePercent}
            onChange={set('objectivePercent')}
            inputMode="decimal"
            {...field('objectivePercent')}
          />
          <FieldError errors={errors} name="objectivePercent" />
        </label>
        <label>
          Window
          <select aria-label="Window" value={v.windowDays} onChange={set('windowDays')}>
            <option value="30">30 days</option>
            <option value="28">28 days</option>
          </select>
        </label>
      </div>
      <label>
        Description
        <textarea aria-label="Description" value={v.description} onChange={set('description')} rows={2} />
      </label>
      <label className="check">
        <input type="checkbox" checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} />
        Advanced: custom good/total PromQL
      </label>
      {advanced ? (
        <>
          <p className="muted m-0">
            Per-second rates of good and of all events, with <code>$window</code> where the range goes.
            Prometheus checks them before the SLO is saved.
          </p>
          <label>
            Good events
            <textarea
              aria-label="Good events"
              className="mono"
              rows={2}
              value={v.customGood}
              onChange={set('customGood')}
              placeholder='sum(rate(my_requests_total{code!~"5.."}[$window]))'
              {...field('customGood')}
            />
            <FieldError errors={errors} name="customGood" />
          </label>
          <label>
            All events
            <textarea
              aria-label="All events"
              className="mono"
              rows={2}
              value={v.customTotal}
              onChange={set('customTotal')}
              placeholder="sum(rate(my_requests_total[$window]))"
              {...field('customTotal')}
            />
            <FieldError errors={errors} name="customTotal" />
          </label>
        </>
      ) : null}
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      <div>
        <button className="btn primary" type="submit" disabled={pending}>
          {pending ? 'Saving…' : initial ? 'Save SLO' : 'Create SLO'}
        </button>
      </div>
    </form>
  )
}
