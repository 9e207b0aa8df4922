'use client'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'next/navigation'
import { Fragment, memo, useCallback, useEffect, useMemo, useState } from 'react'
import { modelQueryString, parseModelQuery } from '@/lib/fleet/model-query'
import type { ModelGroup, ModelVersionView } from '@/lib/fleet/models'
import Link from 'next/link'
import type { RevisionView } from '@/lib/fleet/revisions'
import type { RolloutState } from '@/lib/fleet/rollout'
import type { ModelsView as ModelsViewData } from '@/lib/fleet/types'
import { formatAge } from '@/lib/format/age'
import { Bar } from '@/components/ui/bar'
import { EmptyState } from '@/components/ui/empty-state'
import type { SloBadgeInfo, SloStates } from '@/lib/slo/summary'
import { ClusterBanner } from './cluster-banner'
import { OwnerBadge, OwnerNotice } from './owner-badge'
import { PoolObjectives } from './pool-objectives'
import { PoolSaturationLine, SaturationNotice } from './pool-saturation'
import type { SaturationView } from '@/lib/fleet/saturation-math'
import { mismatchText, type ServedBackend } from '@/lib/fleet/served-share-math'
import type { PoolTraffic } from '@/lib/fleet/traffic'
import { LabelledSloBadges, useSloStates } from './slo-live'
import { fetchJson, setUrlParams, useFleetVersionQuery, useLiveRefetch, useNow } from './live'
import styles from './fleet.module.css'
import viewStyles from './models-view.module.css'

const SATURATION_REFRESH_MS = 15_000

const ROLLOUT_TONE: Record<RolloutState, string> = {
  complete: 'ok',
  progressing: 'warn',
  stalled: 'bad',
  paused: 'warn',
}

function gpuUnit(v: ModelVersionView): string {
  const parts = Object.entries(v.gpuPerReplica).map(([k, n]) => `${n} × ${k.replace('nvidia.com/', '')}`)
  if (v.claimsPerReplica) parts.push(`${v.claimsPerReplica} DRA claim${v.claimsPerReplica > 1 ? 's' : ''}`)
  return parts.join(' + ') || 'none'
}

function History({ revisions, now }: { revisions: RevisionView[]; now: number }) {
  if (revisions.length === 0)
    return <p className="muted">No ReplicaSets with a revision annotation are left for this deployment.</p>
  return (
    <ol className={styles.history} reversed aria-label="Revision history, newest first">
      {revisions.map((r) => (
        <li key={r.replicaSet} data-revision={r.revision}>
          <strong>#{r.revision}</strong> {r.current ? <span className="badge ok">current</span> : null}{' '}
          <span className="muted">
            {r.replicaSet} · {r.createdAt && now ? `${formatAge(now - Date.parse(r.createdAt))} ago` : ''} ·{' '}
            {r.ready}/{r.replicas} ready
          </span>
          {r.changeCause ? <div>{r.changeCause}</div> : null}
          <div className="mono">{r.images.join(', ')}</div>
          {r.diff === null ? (
            <div className="muted">First revision kept.</div>
          ) : r.diff.length === 0 ? (
            <div className="muted">
              Same image and arguments as #{revisions.find((x) => x.revision < r.revision)?.revision}.
            </div>
          ) : (
            r.diff.map((d) => (
              <pre key={d.container} className="mono">
                {`${d.container}${d.added ? ' (added)' : d.removed ? ' (removed)' : ''}\n`}
                {d.image ? `  image ${d.image.from || '∅'} → ${d.image.to || '∅'}\n` : ''}
                {d.argsRemoved.map((a) => (
                  <span key={`-${a}`} className={styles.removed}>{`  - ${a}\n`}</span>
                ))}
                {d.argsAdded.map((a) => (
                  <span key={`+${a}`} className={styles.added}>{`  + ${a}\n`}</span>
                ))}
              </pre>
            ))
          )}
        </li>
      ))}
    </ol>
  )
}

/** The share the backend served over 5 minutes, flagged when it is far from the configured one. */
function ServedShare({ s, configured }: { s: ServedBackend | undefined; configured: number }) {
  if (s?.requests5m == null) return null
  return (
    <span className="muted" data-testid="served" data-value={s.requests5m}>
      serving {s.requests5m.toFixed(1)}% (5m)
      {s.mismatch ? (
        <>
          {' '}
          <span className="badge bad" data-testid="served-mismatch">
            {mismatchText(configured, s.requests5m)}
          </span>
        </>
      ) : null}
    </span>
  )
}

const VersionRows = memo(function VersionRows({
  v,
  open,
  onToggle,
  now,
  saturation,
  served,
}: {
  v: ModelVersionView
  open: boolean
  onToggle: (key: string) => void
  now: number
  saturation: SaturationView | undefined
  served: Record<string, ServedBackend> | undefined
}) {
  // One rule: its configured share. Several: each route's own share, never an average across
  // routes (100, 70 and 0 average to a number no request ever saw).
  const share = v.traffic.length === 1 ? v.traffic[0]!.share : null
  const servedOf = (t: PoolTraffic) => served?.[`${v.cluster}/${t.route}#${t.rule}/${t.pool}`]
  const measured = v.traffic.some((t) => servedOf(t)?.requests5m != null)
  return (
    <>
      <tr className={styles.versionRow} data-version={v.key}>
        <td>
          <strong>{v.version}</strong>{' '}
          {v.track ? <span className={`badge ${v.track === 'canary' ? 'warn' : ''}`}>{v.track}</span> : null}
        </td>
        <td>
          {v.cluster}
          <div className="muted">
            {v.namespace}/{v.deployment}
          </div>
          <OwnerBadge owner={v.owner} />
        </td>
        <td className={styles.num} data-testid="replicas">
          {v.ready}/{v.desired}
        </td>
        <td>
          {v.gpusTotal} <span className="muted">({gpuUnit(v)} per replica)</span>
        </td>
        <td>
          {v.pools.length ? (
            v.pools.map((p) => (
              <div key={p} data-pool={p}>
                {p.split('/')[1]}
                <PoolObjectives objectives={v.objectives[p] ?? []} served={v.objectivesServed} />
                {saturation ? (
                  <PoolSaturationLine
                    sat={saturation.pools[`${v.cluster}/${p}`]}
                    status={saturation.status}
                    compact
                  />
                ) : null}
              </div>
            ))
          ) : (
            <span className="muted">none</span>
          )}
        </td>
        <td>
          {v.traffic.length === 0 ? (
            <span className="muted">no route</span>
          ) : share === null ? (
            <ul className={styles.shareList} data-testid="share-per-route">
              {v.traffic.map((t) => (
                <li key={`${t.route}/${t.rule}`}>
                  <span className={styles.num}>{t.share.toFixed(t.share % 1 ? 1 : 0)}%</span>{' '}
                  <span className="muted">
                    of {t.route} rule {t.rule}
                  </span>{' '}
                  <ServedShare s={servedOf(t)} configured={t.share} />
                </li>
              ))}
              {measured ? null : <li className="muted">configured weights; no per-backend request metric</li>}
            </ul>
          ) : (
            <div
              className={styles.gpuBar}
              title={`configured weight: ${v.traffic.map((t) => `${t.route} rule ${t.rule}: weight ${t.weight}`).join('\n')}`}
            >
              <Bar percent={share} />
              <span className={styles.num} data-testid="share">
                {share.toFixed(share % 1 ? 1 : 0)}%
              </span>{' '}
              <ServedShare s={servedOf(v.traffic[0]!)} configured={share} />
            </div>
          )}
        </td>
        <td>
          <span className={`badge ${ROLLOUT_TONE[v.rollout.state]}`} title={v.rollout.message}>
            {v.rollout.state}
          </span>
        </td>
        <td>
          <button type="button" className="btn" aria-expanded={open} onClick={() => onToggle(v.key)}>
            #{v.revision ?? '?'} · {v.revisions.length} rev.
          </button>
        </td>
      </tr>
      {open ? (
        <tr>
          <td colSpan={8}>
            <History revisions={v.revisions} now={now} />
            <OwnerNotice owner={v.owner} what="Rolling back here" />
            {v.revisions.length > 1 && v.owner?.write !== 'refuse' ? (
              <Link
                className="btn"
                href={`/rollback?cluster=${encodeURIComponent(v.cluster)}&namespace=${encodeURIComponent(v.namespace)}&name=${encodeURIComponent(v.deployment)}`}
              >
                Roll back…
              </Link>
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  )
})

const ModelPanel = memo(function ModelPanel({
  g,
  slo,
  expanded,
  onToggle,
  now,
  saturation,
  served,
}: {
  g: ModelGroup
  slo: SloBadgeInfo | undefined
  expanded: ReadonlySet<string>
  onToggle: (key: string) => void
  now: number
  saturation: SaturationView | undefined
  served: Record<string, ServedBackend> | undefined
}) {
  return (
    <section className="panel mb-12" data-model={g.model}>
      <div className={styles.modelHeader}>
        <h2>{g.model}</h2>
        {g.servedModel && g.servedModel !== g.model ? (
          <span className="muted mono">{g.servedModel}</span>
        ) : null}
        {g.teams.map((t) => (
          <span key={t} className="badge">
            team {t}
          </span>
        ))}
        <span className={`badge ${g.serving ? 'ok' : 'bad'}`}>{g.serving ? 'serving' : 'not serving'}</span>
        <span className={`badge ${ROLLOUT_TONE[g.rollout]}`}>{g.rollout}</span>
        <LabelledSloBadges info={slo} />
        <span className="muted">
          {g.ready}/{g.desired} replicas ready · {g.gpus} GPUs · {g.clusters.join(', ')}
        </span>
      </div>
      <table className="table mt-8">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Cluster / deployment</th>
            <th scope="col" className={styles.num}>
              Ready
            </th>
            <th scope="col">GPUs</th>
            <th scope="col">InferencePools</th>
            <th scope="col" className={viewStyles.trafficCol}>
              Traffic
            </th>
            <th scope="col">Rollout</th>
            <th scope="col">Revisions</th>
          </tr>
        </thead>
        <tbody>
          {g.versions.map((v) => (
            <Fragment key={v.key}>
              <VersionRows
                v={v}
                open={expanded.has(v.key)}
                onToggle={onToggle}
                now={now}
                saturation={saturation}
                served={served}
              />
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  )
})

/** The Models page below its title: models → versions, live, with expandable revision history. */
export function ModelsView({
  initial,
  initialQuery,
  initialSlos,
}: {
  initial: ModelsViewData
  initialQuery: string
  /** Null when the SLO evaluation was not ready in time: fetched right after the first render. */
  initialSlos: SloStates | null
}) {
  const params = useSearchParams()
  const q = useMemo(() => parseModelQuery(params), [params])
  const qs = modelQueryString(q)
  const { data: live } = useFleetVersionQuery()
  const { data, error, isPlaceholderData, refetch } = useQuery({
    queryKey: ['fleet', 'models', qs],
    queryFn: () => fetchJson<ModelsViewData>(`/api/fleet/models${qs ? `?${qs}` : ''}`),
    initialData: qs === initialQuery ? initial : undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    // Queues move without any object changing: refetch on a timer too (the server caches 10 s).
    refetchInterval: SATURATION_REFRESH_MS,
  })
  useLiveRefetch('models', data?.version, refetch)
  const { data: slos } = useSloStates(initialSlos)

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set())
  const onToggle = useCallback((key: string) => {
    setExpanded((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
  }, [])
  const update = useCallback((k: 'team' | 'q', v: string) => {
    const next = new URLSearchParams(window.location.search)
    if (v) next.set(k, v)
    else next.delete(k)
    setUrlParams(next)
  }, [])
  const [search, setSearch] = useState(q.q ?? '')
  useEffect(() => {
    const t = setTimeout(() => {
      if ((q.q ?? '') !== search) update('q', search)
    }, 250)
    return () => clearTimeout(t)
  }, [search, q.q, update])

  const view = data ?? initial
  const clusters = live?.clusters.filter((c) => !q.cluster || c.cluster === q.cluster) ?? view.clusters
  const now = useNow(Date.parse(initial.clusters[0]?.dataAsOf ?? '') || 0)
  const serving = view.models.filter((m) => m.serving).length
  return (
    <>
      <ClusterBanner clusters={clusters} now={now} />
      {error ? (
        <div className={`panel ${viewStyles.refreshError}`} role="alert">
          Could not refresh model data ({error.message}). Showing the last data received.
        </div>
      ) : null}
      <div className="filters" role="search" aria-label="Filter models">
        <label>
          Team
          <select value={q.team ?? ''} onChange={(e) => update('team', e.target.value)}>
            <option value="">All teams</option>
            {view.teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="name or Hugging Face id"
          />
        </label>
        <span className="muted" aria-live="polite" data-testid="model-count">
          {view.models.length} models, {serving} serving{isPlaceholderData ? ' · updating…' : ''}
        </span>
      </div>
      {view.saturation && view.models.length > 0 ? (
        <SaturationNotice status={view.saturation.status} />
      ) : null}
      {view.models.length === 0 ? (
        <EmptyState title={q.team || q.q ? 'No model matches these filters' : 'No model deployments'}>
          Model servers are Deployments labelled <code>aire.dev/model</code> or running vLLM with{' '}
          <code>--model</code>.
        </EmptyState>
      ) : (
        view.models.map((g) => (
          <ModelPanel
            key={g.model}
            g={g}
            slo={slos?.byModel[g.model]}
            expanded={expanded}
            onToggle={onToggle}
            now={now}
            saturation={view.saturation}
            served={view.served}
          />
        ))
      )}
    </>
  )
}
