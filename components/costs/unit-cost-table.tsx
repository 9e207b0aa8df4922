import Link from 'next/link'
import { formatPrice, formatTokens } from '@/lib/cost/money'
import type { ModelUnitCost } from '@/lib/cost/reports'

/** Cost per 1M tokens per model: what the token prices charge, and what the GPUs cost. */
export function UnitCostTable({
  rows,
  href,
  currency,
}: {
  rows: ModelUnitCost[]
  href: (model: string) => string
  currency: string
}) {
  // Per 1M tokens can be a fraction of a cent: shown as a price.
  const per = (x: number | null) => (x === null ? '—' : formatPrice(x, currency))
  return (
    <table className="table" data-testid="unit-cost-table">
      <thead>
        <tr>
          <th>model</th>
          <th>tokens</th>
          <th>token cost / 1M</th>
          <th>GPU cost / 1M</th>
          <th>all-in / 1M</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.model}>
            <td>
              <Link href={href(r.model)}>{r.model}</Link>
            </td>
            <td>{formatTokens(r.tokens)}</td>
            <td>{per(r.tokenPerM)}</td>
            <td>{per(r.gpuPerM)}</td>
            <td>{r.tokenPerM === null ? '—' : per((r.tokenPerM ?? 0) + (r.gpuPerM ?? 0))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
