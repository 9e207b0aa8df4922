import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'

export const metadata: Metadata = { title: 'Triage' }

export default async function Page() {
  await pageUser()
  return (
    <>
      <h1>Triage</h1>
      <EmptyState title="Not built yet">
        Active burns and the changes before them arrive with the SLO work.
      </EmptyState>
    </>
  )
}
