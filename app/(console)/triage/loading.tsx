export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading triage">
      <div className="skeleton" style={{ width: 160, height: 24, marginBottom: 16 }} />
      <div className="skeleton" style={{ height: 240, marginBottom: 12 }} />
      <div className="skeleton" style={{ height: 120 }} />
    </div>
  )
}
