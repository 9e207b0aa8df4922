import type { Metadata } from 'next'
import Link from 'next/link'
import { pageUser } from '@/lib/auth/current-user'
import { canOperate } from '@/lib/auth/permissions'
import { parseRouteQuery, routeQueryString } from '@/lib/fleet/route-query'
import { routesView } from '@/lib/fleet/read-fleet'
import type { RouteQuery, RouteRow } from '@/lib/fleet/routes'
import { weightShares } from '@/lib/validations/route-weights'
import { sloStatesWithin } from '@/lib/slo/badges'
import { EmptyState } from '@/components/ui/empty-state'
import { ClusterBanner } from '@/components/fleet/cluster-banner'
import { RouteSloBadges } from '@/components/fleet/slo-live'
import { OwnerBadge, OwnerNotice } from '@/components/fleet/owner-badge'
import { PoolObjectives } from '@/components/fleet/pool-objectives'
import { WeightsEditor, type PauseFirst } from './weights-editor'
import { servedSharesOf, type ServedView } from '@/lib/fleet/served-share'
import { mismatchText, type ServedRule } from '@/lib/fleet/served-share-math'
import { ShiftToStableButton } from './shift-to-stable-button'
import { OwnerActions } from './owner-actions'
import { routeOwnerViews, type RouteOwnerView } from '@/lib/fleet/owner-state'
import styles from './routes.module.css'
import { Bar } from '@/components/ui/bar'

export const metadata: Metadata = { title: 'Routes' }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

const STATE_BADGE = { missing: 'warn', not_permitted: 'bad', unsupported: 'warn' } as const

function Filters({ q, clusters, namespaces }: { q: RouteQuery; clusters: string[]; namespaces: string[] }) {
  return (
    <form className="filters" method="get" action="/routes" aria-label="Filter routes">
      <label>
        Cluster
        <select name="cluster" defaultValue={q.cluster ?? ''}>
          <option value="">all</option>
          {clusters.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Namespace
        <select name="namespace" defaultValue={q.namespace ?? ''}>
          <option value="">all</option>
          {namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </label>
      <label>
        Name contains
        <input type="search" name="q" defaultValue={q.q ?? ''} placeholder="namespace/name" />
      </label>
      <button type="submit" className="btn">
        Filter
      </button>
      {q.cluster || q.namespace || q.q ? (
        <Link className="btn" href="/routes">
          Clear
        </Link>
      ) : null}
    </form>
  )
}

function Pager({ q, page, pages }: { q: RouteQuery; page: number; pages: number }) {
  if (pages <= 1) return null
  const href = (p: number) => `/routes?${routeQueryString({ ...q, page: p })}`
  return (
    <nav className={`row ${styles.pager}`} aria-label="Pages">
      {page > 1 ? (
        <Link className="btn" href={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : null}
      <span className="muted">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link className="btn" href={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  )
}

/** Routes from the watch cache, filtered and paged on the server; a down cluster shows its last-known routes. */
export default async function RoutesPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await pageUser()
  const q = parseRouteQuery(await searchParams)
  // SLO badges must not hold the routes up: without an answer in 2 s the page renders without them.
  const [view, slos] = await Promise.all([routesView(q), sloStatesWithin(2_000)])
  const served = await servedSharesOf(view.rows)
  const down = new Set(view.clusters.filter((c) => !c.connected).map((c) => c.cluster))
  // The owner objects of the routes this user may operate on this page (live, one GET each).
  const owners = await routeOwnerViews(
    view.rows.filter((r) => canOperate(user, r.team) && !down.has(r.cluster)),
    user,
  )
  return (
    <>
      <h1>Routes</h1>
      {view.clusters.length === 0 ? (
        <EmptyState title="No clusters configured">
          Set AIRE_KUBECONFIG to a kubeconfig with one context per cluster.
        </EmptyState>
      ) : (
        <Filters q={q} clusters={view.clusters.map((c) => c.cluster)} namespaces={view.namespaces} />
      )}
      <ClusterBanner clusters={view.clusters} now={view.at} />
      <p className="muted" data-testid="routes-count">
        {view.matching === view.total
          ? `${view.total.toLocaleString('en')} routes`
          : `${view.matching.toLocaleString('en')} of ${view.total.toLocaleString('en')} routes match`}
      </p>
      {view.total === 0 && view.clusters.length > 0 ? (
        <EmptyState title="No HTTPRoutes">No cluster in scope has HTTPRoutes.</EmptyState>
      ) : view.matching === 0 && view.total > 0 ? (
        <EmptyState title="No route matches">
          Nothing matches these filters. <Link href="/routes">Show all routes</Link>.
        </EmptyState>
      ) : null}
      {view.rows.map((r) => (
        <Route
          key={r.key}
          r={r}
          stale={down.has(r.cluster)}
          operate={canOperate(user, r.team) && !down.has(r.cluster)}
          slos={slos}
          ownerView={owners.get(r.key) ?? null}
          served={served.byRoute.get(r.key) ?? null}
          servedStatus={served.status}
        />
      ))}
      <Pager q={q} page={view.page} pages={view.pages} />
    </>
  )
}

/** The owner's path offered in the weights editor: only while the owner re-applies and the user may pause it. */
function pauseFirstOf(view: RouteOwnerView | null): PauseFirst | null {
  const st = view?.state
  if (!view?.mayPatch || !st) return null
  const what = `${view.ref.kind} ${view.ref.namespace}/${view.ref.name}`
  if ((view.ref.kind === 'Kustomization' || view.ref.kind === 'HelmRelease') && st.suspended === false)
    return {
      verb: `Suspend ${view.ref.kind}`,
      what: `Flux ${what}`,
      ownerResourceVersion: st.resourceVersion,
    }
  if (view.ref.kind === 'Application' && st.autoSync === true)
    return { verb: 'Disable auto-sync', what: `Argo CD ${what}`, ownerResourceVersion: st.resourceVersion }
  return null
}

/** What the backend served over 5 minutes (and 1 hour), beside its configured share; flagged when they disagree. */
function ServedCell({
  rule,
  index,
  configured,
}: {
  rule: ServedRule | null
  index: number
  configured: number
}) {
  const b = rule?.status === 'ok' ? rule.backends[index] : undefined
  if (!b) return <td className="muted">—</td>
  const f = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)
  const tokens =
    b.tokens5m === null
      ? 'tokens: pool shared with another route'
      : `tokens ${f(b.tokens5m)} (5m), ${f(b.tokens1h)} (1h)`
  return (
    <td data-testid="served" data-value={b.requests5m ?? ''} title={`requests served; ${tokens}`}>
      serving {f(b.requests5m)} <span className="muted">5m · {f(b.requests1h)} 1h</span>{' '}
      {b.mismatch && b.requests5m !== null ? (
        <span className="badge bad" data-testid="served-mismatch">
          {mismatchText(configured, b.requests5m)}
        </span>
      ) : null}
    </td>
  )
}

function ServedNote({ rule, status }: { rule: ServedRule | null; status: ServedView['status'] }) {
  const text =
    status === 'unconfigured'
      ? 'Served shares need Prometheus (PROMETHEUS_URL): configured weights only.'
      : status === 'unavailable'
        ? 'Prometheus is not answering: configured weights only.'
        : rule?.status === 'none'
          ? `Served shares: ${rule.reason}.`
          : null
  return text ? (
    <div className="muted" data-testid="served-note">
      {text}
    </div>
  ) : null
}

function Route({
  r,
  stale,
  operate,
  slos,
  ownerView,
  served,
  servedStatus,
}: {
  r: RouteRow
  stale: boolean
  operate: boolean
  slos: Awaited<ReturnType<typeof sloStatesWithin>>
  ownerView: RouteOwnerView | null
  /** what each backend served (gateway metrics), one entry per rule; null without Prometheus */
  served: ServedRule[] | null
  servedStatus: ServedView['status']
}) {
  // Suspended Flux / auto-sync off: the owner will not revert a change until resumed, so the
  // generic "the owner reverts it" notice would be wrong; the owner actions say what holds.
  const ownerPaused = ownerView?.state?.suspended === true || ownerView?.state?.autoSync === false
  const where = [r.parents.length ? `via ${r.parents.join(', ')}` : null, r.hostnames.join(', ') || null]
    .filter(Boolean)
    .join(' · ')
  return (
    <section className="panel mb-12" data-route={r.key}>
      <h2 className="mt-0">
        {r.namespace}/{r.name} <span className="badge">{r.cluster}</span>{' '}
        {r.team ? <span className="badge">team {r.team}</span> : <span className="badge warn">no team</span>}{' '}
        {stale ? <span className="badge warn">stale: cluster unreachable</span> : null}{' '}
        {r.accepted === false ? <span className="badge bad">not accepted</span> : null}
        {r.resolvedRefs === false ? <span className="badge bad">unresolved refs</span> : null}{' '}
        <OwnerBadge owner={r.owner} />{' '}
        <RouteSloBadges
          route={`${r.namespace}/${r.name}`}
          info={slos?.byRoute[`${r.namespace}/${r.name}`]}
          ready={slos !== null}
        />
      </h2>
      {where ? <div className="muted">{where}</div> : null}
      {r.rules.map((rule) => {
        const shares = weightShares(rule.backends.map((b) => b.weight))
        const shiftable = rule.backends.filter((b) => b.state !== 'not_permitted')
        const servedRule = served?.[rule.index] ?? null
        return (
          <div className="mb-8" key={rule.index} data-rule={rule.index}>
            <div>
              <strong data-testid="rule-label">{rule.label}</strong>{' '}
              <span className="muted">
                rule {rule.index}
                {rule.named && rule.matches.length ? ` · ${rule.matches.join(' | ')}` : ''}
              </span>{' '}
              {rule.drained ? <span className="badge warn">no traffic (drained)</span> : null}
            </div>
            {rule.filters.length || rule.timeouts ? (
              <div className="muted">
                {rule.filters.length ? `filters: ${rule.filters.join(', ')}` : ''}
                {rule.filters.length && rule.timeouts ? ' · ' : ''}
                {rule.timeouts ? `timeouts: ${rule.timeouts}` : ''}
              </div>
            ) : null}
            <table className="table">
              <tbody>
                {rule.backends.map((b, i) => (
                  <tr key={b.key} data-backend={b.key}>
                    <td className={styles.backendCol}>
                      {b.name}{' '}
                      <span className="muted">
                        ({b.kind}
                        {b.namespace !== r.namespace ? ` in ${b.namespace}` : ''}
                        {b.port ? `:${b.port}` : ''})
                      </span>{' '}
                      {b.stable ? <span className="badge ok">stable</span> : null}
                      {b.state !== 'ok' ? (
                        <span className={`badge ${STATE_BADGE[b.state]}`} title={b.problem ?? ''}>
                          {b.state === 'not_permitted' ? 'not permitted (no ReferenceGrant)' : b.problem}
                        </span>
                      ) : null}
                      {b.objectives ? (
                        <PoolObjectives objectives={b.objectives} served={r.objectivesServed} />
                      ) : null}
                    </td>
                    <td className={styles.weightCol} data-testid="weight">
                      {b.weight}
                    </td>
                    <td className={styles.shareCol} title="configured: weight / the rule's weights">
                      {rule.drained ? 'no traffic' : `${(shares[i] ?? 0).toFixed(1)}%`}
                    </td>
                    <ServedCell
                      rule={servedRule}
                      index={i}
                      configured={rule.drained ? 0 : (shares[i] ?? 0)}
                    />
                    <td>
                      <Bar percent={rule.drained ? 0 : (shares[i] ?? 0)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ServedNote rule={servedRule} status={servedStatus} />
            {operate && rule.backends.length > 0 && !ownerPaused ? (
              <OwnerNotice owner={r.owner} what="A weight change" />
            ) : null}
            {operate && rule.backends.length > 0 && rule.index === 0 && ownerView ? (
              <OwnerActions cluster={r.cluster} namespace={r.namespace} name={r.name} view={ownerView} />
            ) : null}
            {operate && rule.backends.length > 0 && r.owner?.write !== 'refuse' ? (
              <div className={`row ${styles.editors}`}>
                <WeightsEditor
                  cluster={r.cluster}
                  namespace={r.namespace}
                  name={r.name}
                  ruleIndex={rule.index}
                  backends={rule.backends.map((b) => ({ key: b.key, name: b.name, weight: b.weight }))}
                  pauseFirst={pauseFirstOf(ownerView)}
                />
                {'name' in rule.stable && shiftable.length > 1 ? (
                  <ShiftToStableButton
                    cluster={r.cluster}
                    namespace={r.namespace}
                    name={r.name}
                    ruleIndex={rule.index}
                    stable={rule.stable.name}
                  />
                ) : null}
              </div>
            ) : null}
          </div>
        )
      })}
    </section>
  )
}
