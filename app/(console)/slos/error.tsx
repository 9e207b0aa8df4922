'use client'

export default function SlosError({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <div className="panel" role="alert">
      <h1>SLOs could not be loaded</h1>
      <p>
        The database or Prometheus did not answer. Try again
        {error.digest ? (
          <>
            ; reference <code>{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <button type="button" className="btn primary" onClick={reset}>
        Try again
      </button>
    </div>
  )
}
