/**
 * What a route segment's error.tsx shows: what could not be loaded, why, the server's reference
 * for the log (Next.js digest) when there is one, and a retry.
 */
export function ErrorPage(props: {
  title: string
  /** One sentence, without its final full stop (the reference, if any, comes before it). */
  reason: string
  digest?: string | undefined
  /** Words that lead into the reference, e.g. "; reference". */
  referenceLead?: string
  reset: () => void
}) {
  return (
    <div className="panel" role="alert">
      <h1>{props.title}</h1>
      <p>
        {props.reason}
        {props.digest ? (
          <>
            {props.referenceLead ?? '; reference'} <code>{props.digest}</code>
          </>
        ) : null}
        .
      </p>
      <button type="button" className="btn primary" onClick={() => props.reset()}>
        Try again
      </button>
    </div>
  )
}
