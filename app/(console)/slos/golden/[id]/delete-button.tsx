'use client'
import { useRouter } from 'next/navigation'
import { ConfirmThenAct } from '@/components/ui/confirm-then-act'
import { deleteGoldenSet } from '../actions'

export function DeleteGoldenSetButton({ id, name }: { id: string; name: string }) {
  const router = useRouter()
  return (
    <ConfirmThenAct
      trigger="Delete golden set…"
      triggerClassName="btn danger"
      confirm={`Yes, delete “${name}” and its results`}
      pendingText="Deleting…"
      act={async () => {
        const res = await deleteGoldenSet({ id })
        if (!res.ok) return { error: res.message }
        router.push('/slos/golden')
        router.refresh()
      }}
    />
  )
}
