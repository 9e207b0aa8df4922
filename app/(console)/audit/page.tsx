import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/current-user'
import { listAudit } from '@/lib/audit/list-audit'
import { auditFilterSchema } from '@/lib/validations/audit-filter'
import { EmptyState } from '@/components/ui/empty-state'
import { JsonDiff } from '@/components/ui/json-diff'
import { REVERTIBLE, revertDrains } from '@/lib/actions/specs/revert'
import { canAdmin, canOperate } from '@/lib/auth/permissions'
import { RevertButton } from './revert-button'
import { RelTime } from '@/components/ui/rel-time'
import { absoluteTime } from '@/lib/format/time'
import { holdOutcomes, type HoldOutcome } from '@/lib/actions/hold/store'

export const metadata: Metadata = { title: 'Audit' }

const RESULT_CLASS: Record<string, string> = {
  applied: 'ok',
  refused: 'warn',
  conflict: 'warn',
  failed: 'bad',
  held: 'ok',
  reverted: 'bad',
}

/** An applied change's hold check, beside it: checking, held, or reverted by whom. */
function HoldCell({ hold }: { hold: HoldOutcome | undefined }) {
  if (!hold) return null
  return (
    <div data-testid="hold-outcome" data-hold={hold.status}>
      <span className={`badge ${RESULT_CLASS[hold.status] ?? 'warn'}`}>
        {hold.status === 'pending' ? (
          <>
            checking it holds until <RelTime at={hold.until} />
          </>
        ) : (
          hold.outcome
        )}
      </span>
    </div>
  )
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>
}) {
  const user = await pageUser()
  const raw = await searchParams
  const filter = auditFilterSchema.parse(raw)
  const { rows, total, page, pages } = await listAudit(filter)
  // Each applied change shows its hold check beside it (the outcome is also a row of its own).
  const holds = await holdOutcomes(rows.filter((e) => e.result === 'applied').map((e) => e.id)).catch(
    () => new Map<string, HoldOutcome>(),
  )
  const qs = (p: number) => {
    const q = new URLSearchParams(
      Object.entries({ ...raw, page: String(p) }).filter((e): e is [string, string] => Boolean(e[1])),
    )
    return `?${q.toString()}`
  }
  return (
    <>
      <h1>Audit</h1>
      <form className="filters" method="get">
        <label>
          User
          <input name="user" defaultValue={filter.user ?? ''} placeholder="any" />
        </label>
        <label>
          Team
          <input name="team" defaultValue={filter.team ?? ''} placeholder="any" />
        </label>
        <label>
          Cluster
          <input name="cluster" defaultValue={filter.cluster ?? raw.cluster ?? ''} placeholder="any" />
        </label>
        <label>
          Action
          <input name="action" defaultValue={filter.action ?? ''} placeholder="e.g. route.weights" />
        </label>
        <label>
          Result
          <select name="result" defaultValue={filter.result ?? ''}>
            <option value="">any</option>
            <option value="applied">applied</option>
            <option value="refused">refused</option>
            <option value="conflict">conflict</option>
            <option value="failed">failed</option>
            <option value="intent">intent (before a write)</option>
            <option value="held">held (checked after a change)</option>
            <option value="reverted">reverted (by another manager)</option>
          </select>
        </label>
        <label>
          Since
          <select name="since" defaultValue={filter.since ?? 'all'}>
            <option value="1h">last hour</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
            <option value="all">all time</option>
          </select>
        </label>
        <button className="btn primary" type="submit">
          Filter
        </button>
        <Link className="btn" href="/audit">
          Clear
        </Link>
      </form>
      <p className="muted">
        {total} record{total === 1 ? '' : 's'}
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No matching changes">
          Every change attempt made through the console, allowed or refused, is recorded here.
        </EmptyState>
      ) : (
        <table className="table panel" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>Object</th>
              <th>Result</th>
              <th>Reason and diff</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-result={e.result}>
                <td className="mono">
                  {absoluteTime(e.at)}
                  <div className="muted">
                    <RelTime at={e.at} />
                  </div>
                </td>
                <td>
                  {e.actor} <span className="muted">({e.actorRole})</span>
                </td>
                <td>{e.action}</td>
                <td>
                  {[e.cluster, e.namespace, e.kind && `${e.kind}/${e.name}`].filter(Boolean).join(' · ') ||
                    '—'}
                  {e.team ? <div className="muted">team {e.team}</div> : null}
                </td>
                <td>
                  <span className={`badge ${RESULT_CLASS[e.result] ?? ''}`}>{e.result}</span>
                  <HoldCell hold={holds.get(e.id)} />
                  {e.parentId ? <div className="muted">follows change {e.parentId}</div> : null}
                  {e.count > 1 ? (
                    <div className="muted" title="requests this row stands for">
                      × {e.count.toLocaleString('en')}
                    </div>
                  ) : null}
                </td>
                <td>
                  {e.reason ? <div>{e.reason}</div> : null}
                  {e.result === 'applied' &&
                  REVERTIBLE.has(e.action) &&
                  (e.kind === 'HTTPRoute'
                    ? canOperate(user, e.team)
                    : e.kind === 'ResourceQuota' && canAdmin(user)) ? (
                    <RevertButton auditId={e.id} drains={revertDrains(e)} />
                  ) : null}
                  {e.before || e.after ? (
                    <details>
                      <summary>before / after</summary>
                      <JsonDiff before={e.before} after={e.after} />
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? (
        <p className="row">
          {page > 1 ? <Link href={qs(page - 1)}>← Newer</Link> : null}
          <span className="muted">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={qs(page + 1)}>Older →</Link> : null}
        </p>
      ) : null}
    </>
  )
}
