'use client'
import { useRouter } from 'next/navigation'
import { ConfirmThenAct } from '@/components/ui/confirm-then-act'
import { shiftToStable } from './actions'

export function ShiftToStableButton(props: {
  cluster: string
  namespace: string
  name: string
  ruleIndex: number
  /** The backend the user is shown (and confirms): the action refuses if the stable label moved. */
  stable: string
}) {
  const router = useRouter()
  return (
    <ConfirmThenAct
      trigger="Shift all to stable"
      triggerClassName="btn danger"
      layout="panel"
      label="Confirm shift to stable"
      confirm={`Yes, shift to ${props.stable}`}
      pendingText="Shifting…"
      act={async () => {
        const res = await shiftToStable(props)
        if (res.ok) {
          router.refresh()
          return { close: true }
        }
        if (res.code === 'conflict') router.refresh()
        return { error: res.message }
      }}
    >
      <p>
        Send 100% of rule {props.ruleIndex} to <strong>{props.stable}</strong>; every other backend gets
        weight 0.
      </p>
    </ConfirmThenAct>
  )
}
