import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/current-user'
import { canAdmin, canOperate } from '@/lib/auth/permissions'
import { formatMoneyWhole } from '@/lib/cost/money'
import { costSummary } from '@/lib/cost/summary'
import { db } from '@/lib/db/client'
import { ageOf } from '@/lib/format/age'
import { clusterNames } from '@/lib/k8s/clusters'
import { teamQuotas } from '@/lib/k8s/team-quotas'
import { teamPressure, usedPercent } from '@/lib/teams/pressure'
import { teamOverview } from '@/lib/teams/team-overview'
import { EmptyState } from '@/components/ui/empty-state'
import { BudgetForm, GpuQuotaForm, TokenLimitForm } from './quota-forms'
import { CreateTeamForm, DecideRequestForm, RequestQuotaForm, TeamAdminForms } from './team-forms'
import { GpuStat, SloStat, TeamDeployments, TokenPeakCell } from './team-usage'
import styles from './teams.module.css'
import { Bar } from '@/components/ui/bar'

export const metadata: Metadata = { title: 'Teams' }

export default async function TeamsPage() {
  const user = await pageUser()
  const admin = canAdmin(user)
  const [teams, spend, pending, mine, overview] = await Promise.all([
    db().team.findMany({ orderBy: { name: 'asc' }, include: { memberships: { include: { user: true } } } }),
    costSummary(),
    admin
      ? db().quotaRequest.findMany({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' } })
      : Promise.resolve([]),
    db().quotaRequest.findMany({
      where: { requester: user.username },
      orderBy: { createdAt: 'desc' },
      take: 10,
    }),
    teamOverview(),
  ])
  const currency = spend?.currency
  const quotas = await Promise.all(teams.map((t) => teamQuotas(t.name)))
  const rows = teams
    .map((t, i) => {
      const s = spend?.teams.find((x) => x.team === t.name)
      const budgetPct = s?.budget ? (s.forecast / s.budget) * 100 : 0
      const peaks = overview.tokenPeaks?.get(t.name)
      return { t, q: quotas[i] ?? [], s, peaks, p: teamPressure(quotas[i] ?? [], peaks, budgetPct) }
    })
    .sort((a, b) => b.p - a.p)
  return (
    <>
      <h1>
        Teams{' '}
        {admin && pending.length > 0 ? (
          <span className="badge warn" data-testid="pending-badge">
            {pending.length} pending request{pending.length === 1 ? '' : 's'}
          </span>
        ) : null}
      </h1>
      {admin && pending.length > 0 ? (
        <section className="panel mb-12" aria-label="Pending requests">
          <h2 className="mt-0">Pending requests</h2>
          <table className="table">
            <tbody>
              {pending.map((r) => (
                <tr key={r.id} data-request={r.id}>
                  <td>
                    <strong>{r.team}</strong> asks for{' '}
                    {r.kind === 'gpu' ? 'GPU quota' : r.kind === 'tokens' ? 'tokens/hour' : 'monthly budget'}{' '}
                    <strong>{r.requested}</strong> (now {r.currentAtRequest ?? 'none'})
                    {r.cluster ? ` on ${r.cluster}${r.namespace ? ` / ${r.namespace}` : ''}` : ''}
                    <div className="muted">
                      {r.requester}, {ageOf(r.createdAt)} ago: “{r.reason}”
                    </div>
                  </td>
                  <td>
                    <DecideRequestForm id={r.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {mine.length > 0 ? (
        <section className="panel mb-12" aria-label="Your requests">
          <h2 className="mt-0">Your requests</h2>
          <table className="table" data-testid="my-requests">
            <tbody>
              {mine.map((r) => (
                <tr key={r.id}>
                  <td>
                    {r.team}: {r.kind} → {r.requested}
                  </td>
                  <td>
                    <span
                      className={`badge ${r.status === 'approved' ? 'ok' : r.status === 'pending' ? '' : 'warn'}`}
                    >
                      {r.status}
                    </span>
                  </td>
                  <td className="muted">
                    {r.decision ? `${r.decidedBy}: ${r.decision}` : `asked ${ageOf(r.createdAt)} ago`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {admin ? (
        <details className="panel mb-12">
          <summary>Create a team</summary>
          <CreateTeamForm />
        </details>
      ) : null}
      {teams.length === 0 ? (
        <EmptyState title="No teams yet">Admins create teams; OIDC groups map to them.</EmptyState>
      ) : null}
      {spend === null ? <p className="form-error">Spend could not be read from the database.</p> : null}
      {rows.map(({ t, q, s, peaks }) => (
        <section key={t.id} className="panel mb-12" data-team={t.name}>
          <h2 className="mt-0">
            {t.displayName} <span className="muted">({t.name})</span>
          </h2>
          <p className="muted">
            Members:{' '}
            {t.memberships.length === 0
              ? 'none'
              : t.memberships.map((m) => `${m.user.name ?? m.user.username} (${m.role})`).join(', ')}
          </p>
          <div className="grid mb-8">
            <div className="stat">
              <div className="label">Spend today · month to date</div>
              <div className="value" data-testid="team-spend">
                {s
                  ? `${formatMoneyWhole(s.today, currency)} · ${formatMoneyWhole(s.monthToDate, currency)}`
                  : '—'}
              </div>
              <div className="muted" data-testid="team-budget">
                forecast {s ? formatMoneyWhole(s.forecast, currency) : '—'}
                {s?.budget ? ` of ${formatMoneyWhole(s.budget, currency)} budget` : ' · no budget'}{' '}
                {s && s.state !== 'ok' && s.state !== 'none' ? (
                  <span className="badge bad">{s.state}</span>
                ) : null}
              </div>
              {admin ? (
                <BudgetForm
                  team={t.name}
                  monthly={s?.budget ?? null}
                  warnAt={s?.warnAt ?? 0.8}
                  currency={spend?.currency ?? 'USD'}
                />
              ) : null}
            </div>
            <GpuStat usage={overview.gpus === null ? null : overview.gpus.get(t.name)} team={t.name} />
            <SloStat slos={overview.slos === null ? null : (overview.slos.get(t.name) ?? [])} />
          </div>
          <TeamDeployments
            team={t.name}
            deployments={overview.deployments === null ? null : (overview.deployments.get(t.name) ?? [])}
          />
          <table className="table">
            <thead>
              <tr>
                <th>Cluster</th>
                <th>Namespace</th>
                <th>GPU quota used / hard</th>
                <th>Token limit / hour (busiest hour, 24 h)</th>
              </tr>
            </thead>
            <tbody>
              {q.flatMap((c) =>
                c.error
                  ? [
                      <tr key={c.cluster}>
                        <td>{c.cluster}</td>
                        <td colSpan={3} className="form-error">
                          unreachable: {c.error}
                        </td>
                      </tr>,
                    ]
                  : c.namespaces.map((n, j) => (
                      <tr key={`${c.cluster}/${n.name}`} data-quota={`${c.cluster}/${n.name}`}>
                        <td>{c.cluster}</td>
                        <td>{n.name}</td>
                        <td className={styles.quotaCell}>
                          <div>
                            <span data-testid="gpu-used">{n.gpu.used ?? '0'}</span> /{' '}
                            <span data-testid="gpu-hard">{n.gpu.hard ?? 'no limit'}</span>
                          </div>
                          <Bar percent={usedPercent(n.gpu.used, n.gpu.hard)} />
                          {admin ? (
                            <GpuQuotaForm
                              cluster={c.cluster}
                              namespace={n.name}
                              hard={n.gpu.hard}
                              used={n.gpu.used}
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
                              {overview.tokenPeaks === null ? (
                                <div className="muted">peak: usage ledger unavailable</div>
                              ) : (
                                <TokenPeakCell peak={peaks?.get(c.cluster)} limit={c.tokens.tokensPerHour} />
                              )}
                              {admin ? (
                                <TokenLimitForm
                                  cluster={c.cluster}
                                  team={t.name}
                                  tokensPerHour={c.tokens.tokensPerHour}
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
          {canOperate(user, t.name) ? (
            <details className="mt-8">
              <summary>Request more for {t.name}</summary>
              <RequestQuotaForm
                team={t.name}
                targets={q.flatMap((c) =>
                  c.namespaces.map((n) => ({ cluster: c.cluster, namespace: n.name })),
                )}
              />
            </details>
          ) : null}
          {admin ? (
            <TeamAdminForms team={t.name} displayName={t.displayName} clusters={clusterNames()} />
          ) : null}
        </section>
      ))}
    </>
  )
}
