import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/current-user'
import { canOperate, kubernetesIdentity } from '@/lib/auth/permissions'
import { AppError } from '@/lib/errors'
import { namespaceTeam } from '@/lib/k8s/namespace-team'
import { templateChanges } from '@/lib/k8s/pod-template'
import { deploymentHistory } from '@/lib/k8s/rollback-deployment'
import { rollbackQuerySchema } from '@/lib/validations/rollback-query'
import { EmptyState } from '@/components/ui/empty-state'
import { JsonDiff } from '@/components/ui/json-diff'
import { RollbackConfirm } from './rollback-confirm'
import { OwnerBadge, OwnerNotice } from '@/components/fleet/owner-badge'
import { FIELD, ownerOf } from '@/lib/k8s/ownership'
import { RelTime } from '@/components/ui/rel-time'
import { HoldStatus } from '@/components/ui/hold-status'
import { holdOutcome } from '@/lib/actions/hold/store'

export const metadata: Metadata = { title: 'Roll back' }

export default async function RollbackPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>
}) {
  const user = await pageUser()
  const q = rollbackQuerySchema.safeParse(await searchParams)
  if (!q.success) {
    return (
      <EmptyState title="Pick a deployment">
        Open a model deployment on the Models page and choose “Roll back”.
      </EmptyState>
    )
  }
  const { cluster, namespace, name, revision, done } = q.data
  let history
  let team: string | null = null
  try {
    team = await namespaceTeam(cluster, namespace)
    history = await deploymentHistory(cluster, namespace, name, kubernetesIdentity(user))
  } catch (e) {
    const message = e instanceof AppError ? e.message : 'The deployment could not be read.'
    return (
      <div className="panel" role="alert">
        {message}
      </div>
    )
  }
  const base = `/rollback?cluster=${encodeURIComponent(cluster)}&namespace=${encodeURIComponent(namespace)}&name=${encodeURIComponent(name)}`
  const owner = ownerOf(history.deployment.metadata, FIELD.deploymentTemplate)
  const chosen = history.revisions.find((r) => r.revision === revision)
  const hold = done && q.data.hold ? await holdOutcome(q.data.hold).catch(() => null) : null
  const changes = chosen ? templateChanges(history.current, chosen.template) : []
  return (
    <>
      <h1>
        Roll back {namespace}/{name} <span className="badge">{cluster}</span>
      </h1>
      {history.paused ? <p className="badge warn">Rollout paused</p> : null}
      <OwnerBadge owner={owner} />
      {done ? (
        <p className="muted" role="status" data-testid="rollback-done">
          Rolled back to revision {done}: its template is now the current revision, which the deployment
          controller is rolling out.{' '}
          {hold ? (
            <HoldStatus ticket={{ auditId: hold.auditId, until: hold.until, status: 'pending' }} />
          ) : null}
        </p>
      ) : null}
      <table className="table panel" data-testid="revisions">
        <thead>
          <tr>
            <th>Revision</th>
            <th>ReplicaSet</th>
            <th>Images</th>
            <th>Age</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {history.revisions.map((r) => (
            <tr key={r.revision} aria-selected={r.revision === revision}>
              <td>
                {r.revision} {r.current ? <span className="badge ok">current</span> : null}
              </td>
              <td className="mono">{r.replicaSet}</td>
              <td className="mono">{(r.template.spec?.containers ?? []).map((c) => c.image).join(', ')}</td>
              <td>{r.createdAt ? <RelTime at={r.createdAt} /> : '—'}</td>
              <td>
                {r.current ? null : <Link href={`${base}&revision=${r.revision}`}>Review rollback →</Link>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revision && !chosen ? (
        <p className="form-error" role="alert">
          Revision {revision} no longer exists; pick one of the revisions above.
        </p>
      ) : null}
      {chosen ? (
        <section className="panel mt-12">
          <h2 className="mt-0">What changes if you roll back to revision {chosen.revision}</h2>
          {changes.length === 0 ? (
            <p>This revision’s template is the current one: rolling back would change nothing.</p>
          ) : (
            <ul data-testid="template-changes">
              {changes.map((c) => (
                <li key={`${c.container}-${c.field}`}>
                  <strong>{c.container}</strong> {c.field}: <code>{c.from || '—'}</code> →{' '}
                  <code>{c.to || '—'}</code>
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>Full pod template diff</summary>
            <JsonDiff before={JSON.stringify(history.current)} after={JSON.stringify(chosen.template)} />
          </details>
          <OwnerNotice owner={owner} what="Rolling back here" />
          {owner.write === 'refuse' ? null : canOperate(user, team) ? (
            <RollbackConfirm
              cluster={cluster}
              namespace={namespace}
              name={name}
              revision={chosen.revision}
              generation={history.generation}
            />
          ) : (
            <p className="muted">Only operators of team {team ?? '(none)'} and admins can roll this back.</p>
          )}
        </section>
      ) : null}
    </>
  )
}
