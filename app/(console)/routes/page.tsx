import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/current-user'
import { canOperate } from '@/lib/auth/permissions'
import { listRoutes } from '@/lib/k8s/list-routes'
import { weightShares } from '@/lib/validations/route-weights'
import { sloStatesWithin } from '@/lib/fleet/slo-badges'
import { EmptyState } from '@/components/ui/empty-state'
import { RouteSloBadges } from '@/components/fleet/slo-live'
import { WeightsEditor } from './weights-editor'
import { ShiftToStableButton } from './shift-to-stable-button'

export const metadata: Metadata = { title: 'Routes' }

export default async function RoutesPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  const user = await pageUser()
  const { cluster } = await searchParams
  // SLO badges must not hold the routes up: without an answer in 2 s the page renders without them.
  const [data, slos] = await Promise.all([listRoutes(cluster), sloStatesWithin(2_000)])
  const total = data.reduce((n, c) => n + c.routes.length, 0)
  return (
    <>
      <h1>Routes</h1>
      {data.length === 0 ? (
        <EmptyState title="No clusters configured">
          Set AIRE_KUBECONFIG to a kubeconfig with one context per cluster.
        </EmptyState>
      ) : null}
      {data.map((c) =>
        c.error ? (
          <div key={c.cluster} className="panel" role="alert" style={{ marginBottom: 12 }}>
            <strong>{c.cluster}</strong>: routes could not be read ({c.error}). Other clusters are shown
            below.
          </div>
        ) : null,
      )}
      {total === 0 && data.length > 0 ? (
        <EmptyState title="No HTTPRoutes">No cluster in scope has HTTPRoutes.</EmptyState>
      ) : null}
      {data.flatMap((c) =>
        c.routes.map((r) => (
          <section
            key={`${r.cluster}/${r.namespace}/${r.name}`}
            className="panel"
            style={{ marginBottom: 12 }}
            data-route={`${r.cluster}/${r.namespace}/${r.name}`}
          >
            <h2 style={{ marginTop: 0 }}>
              {r.namespace}/{r.name} <span className="badge">{r.cluster}</span>{' '}
              {r.team ? (
                <span className="badge">team {r.team}</span>
              ) : (
                <span className="badge warn">no team</span>
              )}{' '}
              {r.accepted === false ? <span className="badge bad">not accepted</span> : null}
              {r.resolvedRefs === false ? <span className="badge bad">unresolved refs</span> : null}{' '}
              <RouteSloBadges
                route={`${r.namespace}/${r.name}`}
                info={slos?.byRoute[`${r.namespace}/${r.name}`]}
                ready={slos !== null}
              />
            </h2>
            {r.rules.map((rule) => {
              const shares = weightShares(rule.backends.map((b) => b.weight))
              return (
                <div key={rule.index} style={{ marginBottom: 8 }}>
                  <div className="muted">Rule {rule.index}</div>
                  <table className="table">
                    <tbody>
                      {rule.backends.map((b, i) => (
                        <tr key={b.name}>
                          <td style={{ width: '30%' }}>
                            {b.name} <span className="muted">({b.kind})</span>
                            {b.stable ? <span className="badge ok">stable</span> : null}
                          </td>
                          <td style={{ width: 90 }} data-testid="weight">
                            {b.weight}
                          </td>
                          <td style={{ width: 70 }}>{(shares[i] ?? 0).toFixed(1)}%</td>
                          <td>
                            <div className="bar" aria-hidden>
                              <span style={{ width: `${shares[i] ?? 0}%` }} />
                            </div>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  {canOperate(user, r.team) && rule.backends.length > 0 ? (
                    <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}>
                      <WeightsEditor
                        cluster={r.cluster}
                        namespace={r.namespace}
                        name={r.name}
                        ruleIndex={rule.index}
                        backends={rule.backends.map((b) => ({ name: b.name, weight: b.weight }))}
                      />
                      {rule.backends.some((b) => b.stable) && rule.backends.length > 1 ? (
                        <ShiftToStableButton
                          cluster={r.cluster}
                          namespace={r.namespace}
                          name={r.name}
                          ruleIndex={rule.index}
                          stable={rule.backends.find((b) => b.stable)!.name}
                        />
                      ) : null}
                    </div>
                  ) : null}
                </div>
              )
            })}
          </section>
        )),
      )}
    </>
  )
}
