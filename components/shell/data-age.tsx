'use client'
import { useQuery } from '@tanstack/react-query'
import { ageOf } from '@/lib/format/age'

interface Source {
  source: string
  ok: boolean
  configured: boolean
  checkedAt: string
  lastOkAt: string | null
  error?: string
}

function label(source: string): string {
  return source.startsWith('cluster:')
    ? source.slice('cluster:'.length)
    : source === 'prometheus'
      ? 'Prometheus'
      : 'Database'
}

/** One chip per data source: green when fresh, red with the age of the last good data when not. */
export function DataAge() {
  const { data, isError } = useQuery({
    queryKey: ['status'],
    queryFn: async (): Promise<Source[]> => {
      const res = await fetch('/api/status', { cache: 'no-store' })
      if (!res.ok) throw new Error(String(res.status))
      return ((await res.json()) as { sources: Source[] }).sources
    },
    refetchInterval: 5000,
  })
  if (isError) return <span className="badge bad">console unreachable</span>
  if (!data) return <span className="badge">checking sources…</span>
  return (
    <span className="chips" aria-label="Data sources">
      {data.map((s) => {
        if (!s.configured)
          return (
            <span key={s.source} className="badge" title="Not configured">
              {label(s.source)}: not configured
            </span>
          )
        const age = s.lastOkAt ? ageOf(s.lastOkAt) : 'never'
        return (
          <span
            key={s.source}
            className={`badge ${s.ok ? 'ok' : 'bad'}`}
            title={
              s.ok ? `Answered ${age} ago` : `Down: ${s.error ?? 'unreachable'}; last good data ${age} ago`
            }
            data-source={s.source}
          >
            {label(s.source)}: {s.ok ? 'live' : `down, data ${age} old`}
          </span>
        )
      })}
    </span>
  )
}
