'use client'
import { useRouter } from 'next/navigation'
import { useState, useTransition, type ReactNode } from 'react'
import type { RouteOwnerView } from '@/lib/fleet/owner-state'
import type { ActionResult } from '@/lib/errors'
import {
  abortRollout,
  disableArgoAutoSync,
  enableArgoAutoSync,
  promoteRollout,
  resumeFlux,
  suspendFlux,
} from './actions'
import styles from './routes.module.css'

type Act = (input: unknown) => Promise<ActionResult<unknown>>

/**
 * The owner's own path, in the owner notice: suspend / resume a Flux object, disable / re-enable an
 * Application's auto-sync, abort / promote a Rollout. Each button is one audited action; the
 * server finds the owner object from the route, so only the route and the version shown are sent.
 */
export function OwnerActions(props: {
  cluster: string
  namespace: string
  name: string
  view: RouteOwnerView
}) {
  const router = useRouter()
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null)
  const [pending, start] = useTransition()
  const { ref, state, mayPatch } = props.view
  const what = `${ref.kind} ${ref.namespace}/${ref.name}`
  const run = (act: Act, done: string) =>
    start(async () => {
      const res = await act({
        cluster: props.cluster,
        namespace: props.namespace,
        name: props.name,
        resourceVersion: state?.resourceVersion ?? '',
      })
      setMsg(res.ok ? { ok: true, text: `${done} — audited.` } : { ok: false, text: res.message })
      router.refresh()
    })
  const button = (label: string, act: Act, done: string, danger = false) => (
    <button
      type="button"
      className={`btn${danger ? ' danger' : ''}`}
      disabled={pending || !state}
      onClick={() => run(act, done)}
    >
      {pending ? 'Working…' : label}
    </button>
  )
  let text: string
  let buttons: ReactNode = null
  if (!state) {
    text = `${what} could not be read (not installed, deleted, or the cluster is unreachable).`
  } else if (ref.kind === 'Kustomization' || ref.kind === 'HelmRelease') {
    if (state.suspended) {
      text = `Flux ${what} is suspended: changes made here hold until it is resumed. Resuming re-applies Git and reverts them.`
      if (mayPatch) buttons = button(`Resume ${ref.kind}`, resumeFlux, `${what} resumed`)
    } else {
      text = `Flux ${what} re-applies this route from Git. Suspend it first so a change holds, then resume when Git has it.`
      if (mayPatch) buttons = button(`Suspend ${ref.kind}`, suspendFlux, `${what} suspended`)
    }
    if (!mayPatch) text += ` You may not suspend or resume ${what}: change the route in Git instead.`
  } else if (ref.kind === 'Application') {
    const src = state.source
    const git = src?.repoURL
      ? `${src.repoURL}${src.path ? `, path ${src.path}` : ''}${src.targetRevision ? ` (${src.targetRevision})` : ''}`
      : 'the Application’s spec.source'
    if (state.autoSync) {
      text = `Argo CD ${what} auto-syncs${state.selfHeal ? ' with self-heal' : ''}: a change here is reverted. Disable auto-sync first, or change it in Git: ${git}.`
      if (mayPatch)
        buttons = button('Disable auto-sync', disableArgoAutoSync, `Auto-sync of ${what} disabled`)
      else
        text = `Argo CD ${what} auto-syncs: a change here is reverted, and you may not disable its auto-sync. Change it in Git: ${git}.`
    } else {
      text = `Auto-sync of Argo CD ${what} is off: changes made here hold until it is re-enabled (then Git wins). Git: ${git}.`
      if (mayPatch)
        buttons = button('Re-enable auto-sync', enableArgoAutoSync, `Auto-sync of ${what} re-enabled`)
    }
  } else {
    const r = state.rollout
    const step = r && r.steps > 0 ? ` canary step ${Math.min((r.step ?? 0) + 1, r.steps)}/${r.steps}` : ''
    text = `Argo Rollout ${ref.namespace}/${ref.name}${step}${r?.phase ? ` (${r.phase})` : ''}${r?.aborted ? ', aborted: traffic back to stable' : ''}${r?.paused ? ', paused' : ''}. Abort returns all traffic to stable; Promote moves to the next step.`
    if (mayPatch)
      buttons = (
        <>
          {r?.aborted ? null : button('Abort rollout', abortRollout, `${what} aborted`, true)}
          {r?.aborted ? null : button('Promote', promoteRollout, `${what} promoted`)}
        </>
      )
    else text += ' You may not abort or promote it (Kubernetes RBAC).'
  }
  return (
    <div role="group" aria-label={`Owner ${what}`} data-testid="owner-actions" data-owner-object={ref.kind}>
      <p className={`muted ${styles.ownerState}`} data-testid="owner-state">
        {text}
      </p>
      <div className="row">
        {buttons}
        {msg ? (
          <span className={msg.ok ? 'muted' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>
            {msg.text}
          </span>
        ) : null}
      </div>
    </div>
  )
}
