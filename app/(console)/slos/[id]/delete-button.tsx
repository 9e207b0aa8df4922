'use client'
import { useRouter } from 'next/navigation'
import { ConfirmThenAct } from '@/components/ui/confirm-then-act'
import { deleteSlo } from '../actions'

export function DeleteSloButton({ id, name }: { id: string; name: string }) {
  const router = useRouter()
  return (
    <ConfirmThenAct
      trigger="Delete SLO…"
      triggerClassName="btn danger"
      confirm={`Yes, delete “${name}” and its notes`}
      pendingText="Deleting…"
      act={async () => {
        const res = await deleteSlo({ id })
        if (!res.ok) return { error: res.message }
        router.push('/slos')
        router.refresh()
      }}
    />
  )
}
