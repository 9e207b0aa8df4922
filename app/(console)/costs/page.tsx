import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'

export const metadata: Metadata = { title: 'Costs' }

export default async function Page() {
  await pageUser()
  return (
    <>
      <h1>Costs</h1>
      <EmptyState title="Not built yet">
        Token and GPU spend per team, model and route arrives with the metrics and cost reports.
      </EmptyState>
    </>
  )
}
