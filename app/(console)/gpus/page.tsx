import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'

export const metadata: Metadata = { title: 'GPUs' }

export default async function Page() {
  await pageUser()
  return (
    <>
      <h1>GPUs</h1>
      <EmptyState title="Not built yet">
        GPU inventory by cluster, node pool and node arrives with the fleet views.
      </EmptyState>
    </>
  )
}
