import Link from 'next/link'
import { formatMoney } from '@/lib/cost/money'
import type { TeamSpend } from '@/lib/cost/reports'
import { BudgetBadge } from './budget-badge'
import { Bar } from '@/components/ui/bar'
import styles from './costs.module.css'

/** Budget vs actual with the month-end forecast per team. */
export function BudgetTable({
  rows,
  href,
  currency,
}: {
  rows: TeamSpend[]
  href: (team: string) => string
  currency: string
}) {
  return (
    <table className="table" data-testid="budget-table">
      <thead>
        <tr>
          <th>team</th>
          <th>today</th>
          <th>month to date</th>
          <th>forecast (month end)</th>
          <th>monthly budget</th>
          <th>used</th>
          <th>state</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.team} data-team={r.team}>
            <td>
              <Link href={href(r.team)}>{r.team}</Link>
            </td>
            <td>
              <Link href={href(r.team)}>{formatMoney(r.today, currency)}</Link>
            </td>
            <td>
              <Link href={href(r.team)}>{formatMoney(r.monthToDate, currency)}</Link>
            </td>
            <td>{formatMoney(r.forecast, currency)}</td>
            <td>
              {r.budgetProblem ? (
                <span className="badge warn" title={r.budgetProblem}>
                  not convertible
                </span>
              ) : r.budget === null ? (
                <span className="muted">none</span>
              ) : (
                formatMoney(r.budget, currency)
              )}
            </td>
            <td className={styles.budgetCell}>
              {r.budget ? (
                <>
                  <Bar percent={Math.min(100, (r.monthToDate / r.budget) * 100)} />
                  <span className="muted">{((r.monthToDate / r.budget) * 100).toFixed(0)}%</span>
                </>
              ) : null}
            </td>
            <td>
              <BudgetBadge state={r.state} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
