'use client'

export default function CostsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel" role="alert">
      <h1>Costs</h1>
      <p>The cost reports could not be loaded: the database did not answer.</p>
      <button type="button" className="btn" onClick={() => reset()}>
        Try again
      </button>
    </div>
  )
}
