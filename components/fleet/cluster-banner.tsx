'use client'
import { formatAge } from '@/lib/format/age'
import type { ClusterStatus } from '@/lib/k8s/watch/types'
import styles from './fleet.module.css'

/** One banner per cluster that is down or still loading; the others say nothing. */
export function ClusterBanner({ clusters, now }: { clusters: ClusterStatus[]; now: number }) {
  return (
    <>
      {clusters.map((c) => {
        if (!c.synced && !c.error)
          return (
            <div key={c.cluster} className={`panel ${styles.bannerWarn}`} role="status">
              <strong>{c.cluster}</strong>: still loading objects from the cluster; its numbers may be
              incomplete.
            </div>
          )
        if (c.connected) return null
        const age = c.dataAsOf ? formatAge(now - Date.parse(c.dataAsOf)) : null
        return (
          <div key={c.cluster} className={`panel ${styles.banner}`} role="alert" data-testid="cluster-down">
            <strong>{c.cluster}</strong> is unreachable
            {age ? (
              <>: showing its last known data, {age} old.</>
            ) : (
              ': no data has been read from it yet.'
            )}{' '}
            <span className="muted">Other clusters are live. The console keeps retrying.</span>
            {c.error ? <div className="muted mono">{c.error}</div> : null}
          </div>
        )
      })}
    </>
  )
}
