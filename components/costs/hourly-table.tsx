import { formatMoney, formatTokens } from '@/lib/cost/money'
import type { HourRow } from '@/lib/cost/reports'

/** The deepest drill-down: one day, hour by hour. */
export function HourlyTable({ dim, rows, currency }: { dim: string; rows: HourRow[]; currency: string }) {
  return (
    <table className="table" data-testid="hourly-table">
      <thead>
        <tr>
          <th>hour (UTC)</th>
          <th>{dim}</th>
          <th>tokens</th>
          <th>token cost</th>
          <th>GPU-hours</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.hour}/${r.key}`}>
            <td>{r.hour.slice(11, 16)}</td>
            <td>{r.key}</td>
            <td>{formatTokens(r.tokens)}</td>
            <td>{formatMoney(r.tokenCost, currency)}</td>
            <td>{r.gpuHours.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
