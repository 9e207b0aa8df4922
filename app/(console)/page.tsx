import { pageUser } from '@/lib/auth/current-user'
import type { Metadata } from 'next'
import Link from 'next/link'
import { db } from '@/lib/db/client'
import { EmptyState } from '@/components/ui/empty-state'
import { ageOf } from '@/lib/format/age'

export const metadata: Metadata = { title: 'Overview' }

export default async function OverviewPage() {
  await pageUser()
  const latest = await db().auditEvent.findMany({ where: { result: { not: 'intent' } }, orderBy: { at: 'desc' }, take: 8 })
  return (
    <>
      <h1>Overview</h1>
      <div className="grid">
        <section className="panel stat">
          <div className="label">GPUs</div>
          <div className="muted">Fleet inventory arrives with the fleet views.</div>
        </section>
        <section className="panel stat">
          <div className="label">Spend</div>
          <div className="muted">Token and GPU cost arrive with the cost reports.</div>
        </section>
        <section className="panel stat">
          <div className="label">Burning now</div>
          <div className="muted">SLO burn states arrive with the SLO work.</div>
        </section>
      </div>
      <h2>Latest changes</h2>
      {latest.length === 0 ? (
        <EmptyState title="No changes yet">
          Changes made through the console appear here and on the Audit page.
        </EmptyState>
      ) : (
        <table className="table panel">
          <tbody>
            {latest.map((e) => (
              <tr key={e.id}>
                <td className="muted">{ageOf(e.at)} ago</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>{[e.cluster, e.namespace, e.name].filter(Boolean).join(' / ')}</td>
                <td>
                  <span className={`badge ${e.result === 'applied' ? 'ok' : 'bad'}`}>{e.result}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <Link href="/audit">All changes →</Link>
      </p>
    </>
  )
}
