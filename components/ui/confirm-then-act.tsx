'use client'
import { useState, useTransition, type ReactNode } from 'react'
import styles from './confirm-then-act.module.css'

/** What the act tells the confirm step: close it, say why nothing happened, or leave it as it is. */
export type ActOutcome = { close: true } | { error: string } | void

/**
 * A change that asks first: the trigger opens a confirm step (what will happen, then the confirm
 * and Cancel buttons); only the confirm button acts, and the step stays open on a refusal so the
 * reason is read beside the buttons.
 */
export function ConfirmThenAct(props: {
  trigger: string
  triggerClassName?: string
  /** Names the confirm step (role group) for screen readers and tests. */
  label?: string
  layout?: 'inline' | 'stacked' | 'panel'
  /** What will happen, and any box that has to be ticked first. */
  children?: ReactNode
  confirm: string
  pendingText: string
  /** False until every box that must be ticked is. */
  ready?: boolean
  act: () => Promise<ActOutcome>
}) {
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, start] = useTransition()
  if (!confirming) {
    return (
      <button type="button" className={props.triggerClassName ?? 'btn'} onClick={() => setConfirming(true)}>
        {props.trigger}
      </button>
    )
  }
  const layout = props.layout ?? 'inline'
  const Box = layout === 'panel' ? 'div' : 'span'
  const Message = layout === 'panel' ? 'p' : 'span'
  const act = () =>
    start(async () => {
      const outcome = await props.act()
      setError(outcome && 'error' in outcome ? outcome.error : null)
      if (outcome && 'close' in outcome) setConfirming(false)
    })
  return (
    <Box
      className={layout === 'panel' ? `panel ${styles.panel}` : styles[layout]}
      {...(props.label ? { role: 'group', 'aria-label': props.label } : {})}
    >
      {props.children}
      {error ? (
        <Message className="form-error" role="alert">
          {error}
        </Message>
      ) : null}
      <span className={styles.buttons}>
        <button
          type="button"
          className="btn danger"
          disabled={pending || props.ready === false}
          onClick={act}
        >
          {pending ? props.pendingText : props.confirm}
        </button>
        <button type="button" className="btn" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    </Box>
  )
}
