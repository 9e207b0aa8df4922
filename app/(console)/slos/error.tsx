'use client'
import { ErrorPage } from '@/components/ui/error-page'

export default function SlosError({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <ErrorPage
      title="SLOs could not be loaded"
      reason="The database or Prometheus did not answer. Try again"
      digest={error.digest}
      reset={reset}
    />
  )
}
