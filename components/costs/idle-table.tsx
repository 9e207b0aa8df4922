import Link from 'next/link'
import { formatMoney } from '@/lib/cost/money'
import type { IdleRow } from '@/lib/cost/reports'

/** What idle GPUs cost: allocated but unused capacity, and GPUs no pod holds. */
export function IdleTable({
  rows,
  href,
  currency,
}: {
  rows: IdleRow[]
  href: (team: string) => string | null
  currency: string
}) {
  return (
    <table className="table" data-testid="idle-table">
      <thead>
        <tr>
          <th>team</th>
          <th>GPU product</th>
          <th>GPU-hours</th>
          <th>utilisation</th>
          <th>GPU cost</th>
          <th>idle cost</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const link = href(r.team)
          return (
            <tr key={`${r.team}/${r.product}`}>
              <td>{link ? <Link href={link}>{r.team}</Link> : r.team}</td>
              <td>{r.product}</td>
              <td>{r.gpuHours.toFixed(1)}</td>
              <td>{r.gpuHours > 0 ? `${((r.busyHours / r.gpuHours) * 100).toFixed(0)}%` : '—'}</td>
              <td>{formatMoney(r.cost, currency)}</td>
              <td>
                <strong>{formatMoney(r.idleCost, currency)}</strong>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
