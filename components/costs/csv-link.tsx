/** Download link for one table of the Costs page as CSV (the export re-checks the session). */
export function CsvLink({ table, params }: { table: string; params: URLSearchParams }) {
  const sp = new URLSearchParams(params)
  sp.set('table', table)
  return (
    <a className="btn" href={`/api/costs/export?${sp.toString()}`} download data-testid={`csv-${table}`}>
      CSV
    </a>
  )
}
