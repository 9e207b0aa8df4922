import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { pageUser } from '@/lib/auth/current-user'

export const metadata: Metadata = { title: 'SLOs' }

export default async function Page() {
  await pageUser()
  return (
    <>
      <h1>SLOs</h1>
      <EmptyState title="Not built yet">
        Quality, latency and availability SLOs with burn charts arrive with the SLO work.
      </EmptyState>
    </>
  )
}
