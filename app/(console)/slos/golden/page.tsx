import type { Metadata } from 'next'
import Link from 'next/link'
import { EmptyState } from '@/components/ui/empty-state'
import { RelTime } from '@/components/ui/rel-time'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { listGoldenSets } from '@/lib/quality/store/golden-sets'
import { proberStatus } from '@/lib/quality/store/prober-state'
import { latestShares } from '@/lib/quality/store/results'
import styles from './golden.module.css'
import { ProberStatusPanel } from './prober-status'

export const metadata: Metadata = { title: 'Golden sets' }

export default async function GoldenSetsPage() {
  const user = await pageUser()
  if (!canAdmin(user)) {
    return <EmptyState title="Admins only">Ask an admin to define golden sets for the prober.</EmptyState>
  }
  const [sets, shares, status] = await Promise.all([listGoldenSets(), latestShares(), proberStatus()])
  return (
    <>
      <div className={styles.header}>
        <h1>Golden sets</h1>
        <Link className="btn" href="/slos">
          SLOs
        </Link>
        <Link className="btn primary" href="/slos/golden/new">
          New golden set
        </Link>
      </div>
      <p className="muted">
        Prompts with a known right answer, sent on a schedule to every version of a model separately. Each
        answer becomes a <code>gen_ai.evaluation.result</code> event for the quality SLOs.
      </p>
      <ProberStatusPanel status={status} />
      {sets.length === 0 ? (
        <EmptyState title="No golden sets yet">
          Create one with “New golden set”: a few prompts and what a right answer must be.
        </EmptyState>
      ) : (
        <table className="table panel" data-testid="golden-table">
          <thead>
            <tr>
              <th>Golden set</th>
              <th>Team</th>
              <th>Model</th>
              <th>Prompts</th>
              <th>Last round per version</th>
            </tr>
          </thead>
          <tbody>
            {sets.map((s) => {
              const versions = shares.get(s.id) ?? []
              return (
                <tr key={s.id} data-golden={s.name}>
                  <td>
                    <Link href={`/slos/golden/${s.id}`}>{s.name}</Link>
                    {s.enabled ? null : <span className="badge">paused</span>}
                  </td>
                  <td>{s.team}</td>
                  <td>{s.model}</td>
                  <td>{s.prompts.length}</td>
                  <td>
                    {versions.length === 0 ? (
                      <span className="muted">not probed yet</span>
                    ) : (
                      <span className={styles.versions}>
                        {versions.map((x) => (
                          <span
                            key={x.version}
                            className={`badge ${x.passed === x.total ? 'ok' : 'bad'}`}
                            data-version={x.version}
                          >
                            {x.version}: {x.passed}/{x.total} pass
                          </span>
                        ))}
                        <span className="muted">
                          <RelTime at={versions[0]!.at} />
                        </span>
                      </span>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </>
  )
}
