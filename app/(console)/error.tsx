'use client'
import { ErrorPage } from '@/components/ui/error-page'

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <ErrorPage
      title="This page could not be loaded"
      reason="Something failed on the server while gathering its data. Other pages may still work. Try again; if it keeps failing, the console log has the details"
      digest={error.digest}
      referenceLead=" under reference"
      reset={reset}
    />
  )
}
