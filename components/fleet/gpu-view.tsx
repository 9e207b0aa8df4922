'use client'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import dynamic from 'next/dynamic'
import { useSearchParams } from 'next/navigation'
import { useCallback, useEffect, useMemo, useState } from 'react'
import {
  GPU_STATES,
  gpuQueryString,
  readGpuQuery,
  type GpuQuery,
  type GpuSort,
} from '@/lib/validations/gpu-query-params'
import type { GpuView as GpuViewData } from '@/lib/fleet/types'
import { EmptyState } from '@/components/ui/empty-state'
import { formatAge } from '@/lib/format/age'
import { ClusterBanner } from './cluster-banner'
import { GpuSummary } from './gpu-summary'
import styles from './fleet.module.css'
import { GpuTable } from './gpu-table'
import { fetchJson, setUrlParams, useFleetVersionQuery, useLiveRefetch, useNow } from './live'

// The drawer loads on first open (or with ?node=): it is not needed to show the table.
const NodeDrawer = dynamic(() => import('./node-drawer').then((m) => m.NodeDrawer), { ssr: false })

const STATE_LABEL: Record<(typeof GPU_STATES)[number], string> = {
  idle: 'Idle GPUs (schedulable)',
  allocated: 'Some allocated',
  wasted: 'Allocated but idle',
  full: 'Full',
  cordoned: 'Cordoned',
  notready: 'NotReady',
  nogpu: 'No GPUs reported',
}

function Select(props: {
  label: string
  value: string | undefined
  options: string[]
  onChange: (v: string) => void
  all: string
}) {
  return (
    <label>
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The GPUs page below its title: filters in the URL, live data, the table and the node drawer. */
export function GpuView({ initial, initialQuery }: { initial: GpuViewData; initialQuery: string }) {
  const params = useSearchParams()
  const q = useMemo(() => readGpuQuery(params), [params])
  const qs = gpuQueryString(q)
  const nodeKey = params.get('node')
  const { data: live } = useFleetVersionQuery()
  const { data, error, isPlaceholderData, refetch } = useQuery({
    queryKey: ['fleet', 'gpus', qs],
    queryFn: () => fetchJson<GpuViewData>(`/api/fleet/gpus${qs ? `?${qs}` : ''}`),
    initialData: qs === initialQuery ? initial : undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  })
  useLiveRefetch('gpus', data?.version, refetch)

  const update = useCallback(
    (patch: Partial<GpuQuery> & { node?: string | null }, mode: 'push' | 'replace' = 'replace') => {
      const next = new URLSearchParams(window.location.search)
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null || v === '') next.delete(k)
        else next.set(k, String(v))
      }
      if (next.get('sort') === 'name') next.delete('sort')
      if (next.get('dir') === 'asc') next.delete('dir')
      setUrlParams(next, mode)
    },
    [],
  )
  const onOpen = useCallback((key: string) => update({ node: key }, 'push'), [update])
  const onClose = useCallback(() => update({ node: null }), [update])
  const onSort = useCallback(
    (sort: GpuSort) => {
      const cur = readGpuQuery(new URLSearchParams(window.location.search))
      const numeric = sort !== 'name' && sort !== 'product'
      const dir = cur.sort === sort ? (cur.dir === 'asc' ? 'desc' : 'asc') : numeric ? 'desc' : 'asc'
      update({ sort, dir })
    },
    [update],
  )

  // The name search updates the URL after a short pause, not on every keystroke.
  const [search, setSearch] = useState(q.q ?? '')
  useEffect(() => {
    const t = setTimeout(() => {
      if ((q.q ?? '') !== search) update({ q: search })
    }, 250)
    return () => clearTimeout(t)
  }, [search, q.q, update])

  const view = data ?? initial
  const clusters = live?.clusters.filter((c) => !q.cluster || c.cluster === q.cluster) ?? view.clusters
  const filtered = Boolean(q.product || q.pool || q.team || q.state || q.q)
  const now = useNow(Date.parse(initial.clusters[0]?.dataAsOf ?? '') || 0)

  return (
    <>
      <ClusterBanner clusters={clusters} now={now} />
      {error ? (
        <div className="panel mb-12" role="alert">
          Could not refresh GPU data ({error.message}). Showing the last data received.
        </div>
      ) : null}
      {clusters.length === 0 ? (
        <EmptyState title="No clusters configured">
          Set AIRE_KUBECONFIG to a kubeconfig with one context per cluster.
        </EmptyState>
      ) : (
        <GpuSummary summary={view.summary} />
      )}
      <div className="filters" role="search" aria-label="Filter GPU nodes">
        <Select
          label="Product"
          value={q.product}
          options={view.facets.products}
          all="All products"
          onChange={(v) => update({ product: v })}
        />
        <Select
          label="Pool"
          value={q.pool}
          options={view.facets.pools}
          all="All pools"
          onChange={(v) => update({ pool: v })}
        />
        <label>
          State
          <select
            value={q.state ?? ''}
            onChange={(e) => update({ state: (e.target.value || undefined) as GpuQuery['state'] })}
          >
            <option value="">Any state</option>
            {GPU_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <Select
          label="Team"
          value={q.team}
          options={view.facets.teams}
          all="All teams"
          onChange={(v) => update({ team: v })}
        />
        <label>
          Node name
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="contains…"
          />
        </label>
        <span className="muted" aria-live="polite" data-testid="row-count">
          {view.rows.length === view.totalRows
            ? `${view.totalRows} nodes`
            : `${view.rows.length} of ${view.totalRows} nodes`}
          {isPlaceholderData ? ' · updating…' : ''}
        </span>
        {filtered ? (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setSearch('')
              update({ product: undefined, pool: undefined, team: undefined, state: undefined, q: undefined })
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
      {view.rows.length === 0 ? (
        <EmptyState title={view.totalRows === 0 ? 'No GPU nodes' : 'No node matches these filters'}>
          {view.totalRows === 0
            ? 'No node in scope reports GPUs (GPU Feature Discovery labels, nvidia.com/gpu capacity or DRA ResourceSlices).'
            : 'Change or clear the filters to see more nodes.'}
        </EmptyState>
      ) : (
        <GpuTable
          rows={view.rows}
          selected={nodeKey}
          sort={q.sort}
          dir={q.dir}
          onOpen={onOpen}
          onSort={onSort}
        />
      )}
      {view.pending.length ? (
        <details className="panel mt-12" data-testid="pending-pods">
          <summary>
            <strong>{view.pending.length} pods Pending for GPUs</strong>{' '}
            <span className="muted">(unscheduled, requesting GPUs or DRA claims)</span>
          </summary>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Pod</th>
                <th scope="col">Team</th>
                <th scope="col">Model</th>
                <th scope="col">Requests</th>
                <th scope="col">Waiting</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {view.pending.map((p) => (
                <tr key={`${p.cluster}/${p.namespace}/${p.name}`}>
                  <td>
                    {p.name}
                    <div className="muted">
                      {p.cluster} · {p.namespace}
                    </div>
                  </td>
                  <td>{p.team ?? '—'}</td>
                  <td>{p.model ?? '—'}</td>
                  <td>
                    {Object.entries(p.gpu)
                      .map(([k, v]) => `${v} × ${k.replace('nvidia.com/', '')}`)
                      .concat(p.claims ? [`${p.claims} DRA claim(s)`] : [])
                      .join(', ')}
                  </td>
                  <td>{p.createdAt && now ? formatAge(now - Date.parse(p.createdAt)) : '—'}</td>
                  <td className={`muted ${styles.reason}`}>{p.reason ?? 'Not scheduled yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {nodeKey ? <NodeDrawer key={nodeKey} nodeKey={nodeKey} onClose={onClose} /> : null}
    </>
  )
}
