'use client'

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string }
  reset: () => void
}) {
  return (
    <div className="panel" role="alert">
      <h1>This page could not be loaded</h1>
      <p>
        Something failed on the server while gathering its data. Other pages may still work. Try again; if it
        keeps failing, the console log has the details
        {error.digest ? (
          <>
            {' '}
            under reference <code>{error.digest}</code>
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
