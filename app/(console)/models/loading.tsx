export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading models">
      <h1>Models</h1>
      {[0, 1, 2].map((i) => (
        <div key={i} className="skeleton" style={{ height: 140, marginBottom: 12 }} />
      ))}
    </div>
  )
}
