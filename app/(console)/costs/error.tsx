'use client'
import { ErrorPage } from '@/components/ui/error-page'

export default function CostsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorPage
      title="Costs"
      reason="The cost reports could not be loaded: the database did not answer"
      reset={reset}
    />
  )
}
