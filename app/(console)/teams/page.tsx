import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'

export const metadata: Metadata = { title: 'Teams' }

export default async function Page() {
  await pageUser()
  return (
    <>
      <h1>Teams</h1>
      <EmptyState title="Not built yet">
        Team quotas, budgets and requests arrive with team quota management.
      </EmptyState>
    </>
  )
}
