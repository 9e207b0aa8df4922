import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { goldenFormChoices } from '../form-choices'
import { GoldenForm } from '../golden-form'

export const metadata: Metadata = { title: 'New golden set' }

export default async function NewGoldenSetPage() {
  const user = await pageUser()
  if (!canAdmin(user)) {
    return <EmptyState title="Admins only">Ask an admin to define golden sets.</EmptyState>
  }
  return (
    <>
      <h1>New golden set</h1>
      <GoldenForm choices={await goldenFormChoices()} />
    </>
  )
}
