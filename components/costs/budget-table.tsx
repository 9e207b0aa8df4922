import Link from 'next/link'
import { formatMoney } from '@/lib/cost/money'
import type { TeamSpend } from '@/lib/cost/reports'
import { BudgetBadge } from './budget-badge'

/** Budget vs actual with the month-end forecast per team. */
export function BudgetTable({ rows, href }: { rows: TeamSpend[]; href: (team: string) => string }) {
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
              <Link href={href(r.team)}>{formatMoney(r.today)}</Link>
            </td>
            <td>
              <Link href={href(r.team)}>{formatMoney(r.monthToDate)}</Link>
            </td>
            <td>{formatMoney(r.forecast)}</td>
            <td>{r.budget === null ? <span className="muted">none</span> : formatMoney(r.budget)}</td>
            <td style={{ minWidth: 120 }}>
              {r.budget ? (
                <>
                  <div className="bar" aria-hidden>
                    <span style={{ width: `${Math.min(100, (r.monthToDate / r.budget) * 100)}%` }} />
                  </div>
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
