export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading GPU inventory">
      <h1>GPUs</h1>
      <div className="grid" style={{ marginBottom: 12 }}>
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="skeleton" style={{ height: 76 }} />
        ))}
      </div>
      <div className="skeleton" style={{ height: 420 }} />
    </div>
  )
}
