'use client'
import { ErrorPage } from '@/components/ui/error-page'

export default function GoldenSetsError({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <ErrorPage
      title="Golden sets could not be loaded"
      reason="The database did not answer. Try again"
      digest={error.digest}
      reset={reset}
    />
  )
}
