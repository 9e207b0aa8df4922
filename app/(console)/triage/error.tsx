'use client'
import { ErrorPage } from '@/components/ui/error-page'

export default function TriageError({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <ErrorPage
      title="Triage could not be loaded"
      reason="The database, a cluster or Prometheus did not answer. Try again"
      digest={error.digest}
      reset={reset}
    />
  )
}
