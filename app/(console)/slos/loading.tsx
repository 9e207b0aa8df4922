export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading SLOs">
      <div className="skeleton" style={{ width: 160, height: 24, marginBottom: 16 }} />
      {[0, 1, 2, 3, 4].map((i) => (
        <div key={i} className="skeleton" style={{ height: 32, marginBottom: 6 }} />
      ))}
    </div>
  )
}
