import type { ModelQuery } from './models'

type Params = URLSearchParams | Record<string, string | string[] | undefined>

function get(p: Params, k: string): string | undefined {
  const v = p instanceof URLSearchParams ? (p.get(k) ?? undefined) : p[k]
  const s = (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 253)
  return s || undefined
}

/** Filters of the Models view, from the URL. */
export function parseModelQuery(p: Params): ModelQuery {
  return { cluster: get(p, 'cluster'), team: get(p, 'team'), q: get(p, 'q') }
}

export function modelQueryString(q: ModelQuery): string {
  const out = new URLSearchParams()
  for (const k of ['cluster', 'team', 'q'] as const) if (q[k]) out.set(k, q[k])
  return out.toString()
}
