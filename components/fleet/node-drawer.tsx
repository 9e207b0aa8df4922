'use client'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import type { NodeDetail } from '@/lib/fleet/types'
import { IDLE_UTILISATION, IDLE_WINDOW_TEXT } from '@/lib/fleet/utilisation-math'
import { GpuStateBadges } from './gpu-badges'
import { fetchJson, useLiveRefetch } from './live'
import styles from './fleet.module.css'
import skeleton from '@/components/ui/skeleton.module.css'

function gpuText(gpu: Record<string, number>, dra: string[]): string {
  const parts = Object.entries(gpu).map(([k, v]) => `${v} × ${k.replace('nvidia.com/', '')}`)
  if (dra.length) parts.push(`DRA ${dra.join(', ')}`)
  return parts.join(', ') || '—'
}

/**
 * The pods on one node's GPUs. A modal dialog: focus moves in on open, Tab stays inside, Esc or
 * the close button closes it and focus returns to where it was.
 */
export function NodeDrawer({ nodeKey, onClose }: { nodeKey: string; onClose: () => void }) {
  const slash = nodeKey.indexOf('/')
  const cluster = nodeKey.slice(0, slash)
  const name = nodeKey.slice(slash + 1)
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ['fleet', 'node', cluster, name],
    queryFn: () =>
      fetchJson<NodeDetail>(
        `/api/fleet/node?cluster=${encodeURIComponent(cluster)}&name=${encodeURIComponent(name)}`,
      ),
    staleTime: Infinity,
  })
  useLiveRefetch('gpus', undefined, refetch)
  const dialog = useRef<HTMLDivElement>(null)
  const closeButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    closeButton.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault()
        onClose()
        return
      }
      if (e.key !== 'Tab' || !dialog.current) return
      const focusable = dialog.current.querySelectorAll<HTMLElement>(
        'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])',
      )
      const first = focusable[0]
      const last = focusable[focusable.length - 1]
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault()
        last?.focus()
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault()
        first?.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      previous?.focus?.()
    }
  }, [onClose])

  const row = data?.row
  return (
    <>
      <div className={styles.drawerBackdrop} onClick={onClose} aria-hidden />
      <div
        ref={dialog}
        className={styles.drawer}
        role="dialog"
        aria-modal="true"
        aria-labelledby="node-drawer-title"
        data-testid="node-drawer"
      >
        <div className={styles.drawerHeader}>
          <h2 id="node-drawer-title">{name}</h2>
          <span className="badge">{cluster}</span>
          <button
            ref={closeButton}
            type="button"
            className="btn"
            onClick={onClose}
            aria-label="Close node details"
          >
            Close
          </button>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error.message === 'Not found.' ? `Node ${name} is no longer in ${cluster}.` : error.message}
          </p>
        ) : null}
        {isPending ? <div className={`skeleton ${skeleton.block}`} aria-busy="true" /> : null}
        {row ? (
          <>
            <dl className={styles.kv}>
              <dt>State</dt>
              <dd>
                <GpuStateBadges row={row} />
              </dd>
              <dt>Product</dt>
              <dd>
                {row.product}
                {row.memoryMiB ? ` · ${row.memoryMiB.toLocaleString('en')} MiB` : ''}
              </dd>
              <dt>Pool / zone</dt>
              <dd>
                {row.pool} · {row.zone ?? '—'}
              </dd>
              <dt>GPUs</dt>
              <dd>
                {row.allocated} allocated of {row.total} ({row.idle} idle) · {row.physical} physical ·
                capacity {row.capacity}, allocatable {row.allocatable}
              </dd>
              <dt>Utilisation</dt>
              <dd>
                {row.utilisation === undefined
                  ? '— (no DCGM data from Prometheus for this node)'
                  : `${Math.round(row.utilisation * 100)}% mean of its GPUs now`}
                {row.allocatedButIdle
                  ? ` · its allocated GPUs stayed under ${Math.round(IDLE_UTILISATION * 100)}% for ${IDLE_WINDOW_TEXT}`
                  : ''}
              </dd>
              {row.mig.length ? (
                <>
                  <dt>MIG</dt>
                  <dd>
                    {row.mig.map((m) => (
                      <div key={m.resource}>
                        {m.resource.replace('nvidia.com/', '')}: {m.allocated}/{m.allocatable} allocated
                        {m.capacity !== m.allocatable ? ` (capacity ${m.capacity})` : ''}
                      </div>
                    ))}
                  </dd>
                </>
              ) : null}
              {row.dra.devices ? (
                <>
                  <dt>DRA</dt>
                  <dd>
                    {row.dra.allocated}/{row.dra.devices} devices allocated ({row.dra.driver})
                  </dd>
                </>
              ) : null}
            </dl>
            <h3>Pods on its GPUs ({data.pods.length})</h3>
            {data.pods.length === 0 ? (
              <p className="muted">No pod holds a GPU on this node.</p>
            ) : (
              <table className="table" data-testid="node-pods">
                <thead>
                  <tr>
                    <th scope="col">Pod</th>
                    <th scope="col">Team</th>
                    <th scope="col">Model</th>
                    <th scope="col">GPUs</th>
                    <th scope="col">Phase</th>
                  </tr>
                </thead>
                <tbody>
                  {data.pods.map((p) => (
                    <tr key={`${p.namespace}/${p.name}`}>
                      <td>
                        {p.name}
                        <div className="muted">{p.namespace}</div>
                      </td>
                      <td>{p.team ?? '—'}</td>
                      <td>
                        {p.model ?? '—'}
                        {p.version ? <span className="muted"> {p.version}</span> : null}
                      </td>
                      <td>{gpuText(p.gpu, p.draDevices)}</td>
                      <td>
                        <span className={`badge ${p.ready ? 'ok' : p.phase === 'Pending' ? 'warn' : ''}`}>
                          {p.ready ? 'Ready' : p.phase}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {data.draDevices.length ? (
              <>
                <h3>DRA devices</h3>
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Device</th>
                      <th scope="col">Product</th>
                      <th scope="col">UUID</th>
                      <th scope="col">Held by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.draDevices.map((d) => (
                      <tr key={d.name}>
                        <td>{d.name}</td>
                        <td>{d.productName ?? '—'}</td>
                        <td className="mono">{d.uuid ?? '—'}</td>
                        <td>{d.pod ?? <span className="muted">free</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
          </>
        ) : null}
      </div>
    </>
  )
}
