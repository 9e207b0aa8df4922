import Link from 'next/link'
import { formatMoney, formatTokens } from '@/lib/cost/money'
import type { SpendRow } from '@/lib/cost/reports'
import styles from './costs.module.css'

/** Spend per team, model or route; every number links to its breakdown. */
export function SpendTable(props: {
  dim: string
  rows: SpendRow[]
  href: (key: string) => string | null
  currency: string
}) {
  const { rows, dim, currency } = props
  const total = rows.reduce(
    (a, r) => ({
      tokenCost: a.tokenCost + r.tokenCost,
      gpuCost: a.gpuCost + r.gpuCost,
      tokens: a.tokens + r.tokens,
    }),
    { tokenCost: 0, gpuCost: 0, tokens: 0 },
  )
  const cell = (key: string, text: string) => {
    const href = props.href(key)
    return href ? <Link href={href}>{text}</Link> : text
  }
  return (
    <table className="table" data-testid="spend-table">
      <thead>
        <tr>
          <th>{dim}</th>
          <th>tokens</th>
          <th>token cost</th>
          <th>GPU cost</th>
          <th>of which idle</th>
          <th>total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-key={r.key}>
            <td>
              {cell(r.key, r.key)}
              {r.unpriced ? (
                <span className={`badge warn ${styles.unpriced}`} title="Some usage had no price in effect">
                  unpriced
                </span>
              ) : null}
            </td>
            <td>{cell(r.key, formatTokens(r.tokens))}</td>
            <td>{cell(r.key, formatMoney(r.tokenCost, currency))}</td>
            <td>{cell(r.key, formatMoney(r.gpuCost, currency))}</td>
            <td>{cell(r.key, formatMoney(r.idleCost, currency))}</td>
            <td data-testid="row-total">
              <strong>{cell(r.key, formatMoney(r.total, currency))}</strong>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>all</th>
          <th>{formatTokens(total.tokens)}</th>
          <th>{formatMoney(total.tokenCost, currency)}</th>
          <th>{formatMoney(total.gpuCost, currency)}</th>
          <th />
          <th>{formatMoney(total.tokenCost + total.gpuCost, currency)}</th>
        </tr>
      </tfoot>
    </table>
  )
}
