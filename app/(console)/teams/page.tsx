import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { teamQuotas } from '@/lib/k8s/team-quotas'
import { parseQuantity } from '@/lib/validations/quantity'
import { EmptyState } from '@/components/ui/empty-state'
import { GpuQuotaForm, TokenLimitForm } from './quota-forms'

export const metadata: Metadata = { title: 'Teams' }

function usedPercent(used: string | null, hard: string | null): number {
  const u = parseQuantity(used ?? '0') ?? 0
  const h = parseQuantity(hard ?? '0') ?? 0
  return h > 0 ? Math.min(100, (u / h) * 100) : u > 0 ? 100 : 0
}

export default async function TeamsPage() {
  const user = await pageUser()
  const admin = canAdmin(user)
  const teams = await db().team.findMany({
    orderBy: { name: 'asc' },
    include: { memberships: { include: { user: true } } },
  })
  const quotas = await Promise.all(teams.map((t) => teamQuotas(t.name)))
  return (
    <>
      <h1>Teams</h1>
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">Admins create teams; OIDC groups map to them.</EmptyState>
      ) : null}
      {teams.map((t, i) => (
        <section key={t.id} className="panel" style={{ marginBottom: 12 }} data-team={t.name}>
          <h2 style={{ marginTop: 0 }}>
            {t.displayName} <span className="muted">({t.name})</span>
          </h2>
          <p className="muted">
            Members:{' '}
            {t.memberships.length === 0
              ? 'none'
              : t.memberships.map((m) => `${m.user.name ?? m.user.username} (${m.role})`).join(', ')}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th>Cluster</th>
                <th>Namespace</th>
                <th>GPU quota used / hard</th>
                <th>Token limit / hour</th>
              </tr>
            </thead>
            <tbody>
              {(quotas[i] ?? []).flatMap((c) =>
                c.error
                  ? [
                      <tr key={c.cluster}>
                        <td>{c.cluster}</td>
                        <td colSpan={3} className="form-error">
                          unreachable: {c.error}
                        </td>
                      </tr>,
                    ]
                  : c.namespaces.length === 0
                    ? []
                    : c.namespaces.map((n, j) => (
                        <tr key={`${c.cluster}/${n.name}`} data-quota={`${c.cluster}/${n.name}`}>
                          <td>{c.cluster}</td>
                          <td>{n.name}</td>
                          <td style={{ minWidth: 260 }}>
                            <div>
                              <span data-testid="gpu-used">{n.gpu.used ?? '0'}</span> /{' '}
                              <span data-testid="gpu-hard">{n.gpu.hard ?? 'no limit'}</span>
                            </div>
                            <div className="bar" aria-hidden>
                              <span style={{ width: `${usedPercent(n.gpu.used, n.gpu.hard)}%` }} />
                            </div>
                            {admin ? (
                              <GpuQuotaForm
                                cluster={c.cluster}
                                namespace={n.name}
                                hard={n.gpu.hard}
                                used={n.gpu.used}
                                resourceVersion={n.gpu.resourceVersion}
                              />
                            ) : null}
                          </td>
                          <td>
                            {j === 0 ? (
                              <>
                                <span data-testid="token-limit">
                                  {c.tokens.tokensPerHour === null
                                    ? 'no limit'
                                    : c.tokens.tokensPerHour.toLocaleString('en')}
                                </span>
                                {admin ? (
                                  <TokenLimitForm
                                    cluster={c.cluster}
                                    team={t.name}
                                    tokensPerHour={c.tokens.tokensPerHour}
                                    resourceVersion={c.tokens.resourceVersion}
                                  />
                                ) : null}
                              </>
                            ) : null}
                          </td>
                        </tr>
                      )),
              )}
            </tbody>
          </table>
        </section>
      ))}
    </>
  )
}
