export default function Loading() {
  return (
    <>
      <h1>Costs</h1>
      <div className="skeleton" style={{ height: 320 }} aria-busy="true" aria-label="Loading costs" />
    </>
  )
}
