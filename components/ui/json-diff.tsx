function pretty(json: string | null): string {
  if (!json) return '—'
  try {
    return JSON.stringify(JSON.parse(json), null, 2)
  } catch {
    return json
  }
}

/** Before and after side by side. Rendered as text: values from clusters are untrusted. */
export function JsonDiff({ before, after }: { before: string | null; after: string | null }) {
  return (
    <div className="diff">
      <div>
        <div className="muted">before</div>
        <pre>{pretty(before)}</pre>
      </div>
      <div>
        <div className="muted">after</div>
        <pre>{pretty(after)}</pre>
      </div>
    </div>
  )
}
