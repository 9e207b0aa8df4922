import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'

export const metadata: Metadata = { title: 'Models' }

export default async function Page() {
  await pageUser()
  return (
    <>
      <h1>Models</h1>
      <EmptyState title="Not built yet">
        Model deployments, versions and rollout history arrive with the fleet views.
      </EmptyState>
    </>
  )
}
