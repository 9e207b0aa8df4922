import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { EmptyState } from '@/components/ui/empty-state'
import { formChoices } from '../form-choices'
import { SloForm } from '../slo-form'

export const metadata: Metadata = { title: 'New SLO' }

export default async function NewSloPage() {
  const user = await pageUser()
  if (!canAdmin(user)) {
    return <EmptyState title="Admins only">Ask an admin to define SLOs.</EmptyState>
  }
  return (
    <>
      <h1>New SLO</h1>
      <SloForm choices={await formChoices()} />
    </>
  )
}
