import type { RouteQuery } from './routes'

type Params = URLSearchParams | Record<string, string | string[] | undefined>

function get(p: Params, k: string): string | undefined {
  const v = p instanceof URLSearchParams ? (p.get(k) ?? undefined) : p[k]
  const s = (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 253)
  return s || undefined
}

/** Filters and page of the Routes view, from the URL (anything odd falls back to the default). */
export function parseRouteQuery(p: Params): RouteQuery {
  const page = Number(get(p, 'page'))
  return {
    cluster: get(p, 'cluster'),
    namespace: get(p, 'namespace'),
    q: get(p, 'q'),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  }
}

export function routeQueryString(q: Partial<RouteQuery>): string {
  const out = new URLSearchParams()
  for (const k of ['cluster', 'namespace', 'q'] as const) if (q[k]) out.set(k, q[k])
  if (q.page && q.page > 1) out.set('page', String(q.page))
  return out.toString()
}
