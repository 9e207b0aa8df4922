'use client'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'

/** All clusters or one; kept in the URL so a link carries the scope. */
export function ClusterPicker({ clusters }: { clusters: string[] }) {
  const router = useRouter()
  const pathname = usePathname()
  const params = useSearchParams()
  const value = params.get('cluster') ?? ''
  return (
    <label className="source-chip check">
      <span className="muted">Cluster</span>
      <select
        aria-label="Cluster"
        value={value}
        onChange={(e) => {
          const next = new URLSearchParams(params.toString())
          if (e.target.value) next.set('cluster', e.target.value)
          else next.delete('cluster')
          const qs = next.toString()
          router.push(qs ? `${pathname}?${qs}` : pathname)
        }}
      >
        <option value="">All clusters ({clusters.length})</option>
        {clusters.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  )
}
