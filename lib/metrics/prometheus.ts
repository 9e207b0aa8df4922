import 'server-only'
import { AppError } from '@/lib/errors'

/**
 * A minimal client for the Prometheus HTTP API, which Thanos and Mimir also serve.
 * @see https://prometheus.io/docs/prometheus/latest/querying/api/
 */

export interface InstantSample {
  metric: Record<string, string>
  value: number
}

export interface RangeSeries {
  metric: Record<string, string>
  /** [unix seconds, value] */
  values: [number, number][]
}

interface ApiBody {
  status: 'success' | 'error'
  data?: { resultType: string; result: unknown[] }
  error?: string
}

export function prometheusUrl(): string | null {
  return process.env.PROMETHEUS_URL?.trim() || null
}

async function call(path: string, params: Record<string, string>, timeoutMs: number): Promise<unknown[]> {
  const base = prometheusUrl()
  if (!base) throw new AppError('metrics_unavailable', 'PROMETHEUS_URL is not set.')
  let res: Response
  try {
    res = await fetch(`${base.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
      signal: AbortSignal.timeout(timeoutMs),
      cache: 'no-store',
    })
  } catch (e) {
    const why = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'is unreachable'
    throw new AppError('metrics_unavailable', `Prometheus ${why}.`)
  }
  let body: ApiBody | null = null
  try {
    body = (await res.json()) as ApiBody
  } catch {
    body = null
  }
  if (!res.ok || body?.status !== 'success' || !body.data) {
    // Query errors (HTTP 400/422) are our bug, not an outage; keep the detail server-side only.
    const code = res.status === 400 || res.status === 422 ? 'internal' : 'metrics_unavailable'
    throw new AppError(code, `Prometheus answered HTTP ${res.status}${body?.error ? `: ${body.error}` : ''}.`)
  }
  return body.data.result
}

function num(v: unknown): number {
  return typeof v === 'string' ? Number(v) : Number.NaN
}

export async function instantQuery(expr: string, time: Date, timeoutMs = 30_000): Promise<InstantSample[]> {
  const result = (await call(
    '/api/v1/query',
    { query: expr, time: String(time.getTime() / 1000) },
    timeoutMs,
  )) as {
    metric: Record<string, string>
    value: [number, string]
  }[]
  return result.map((r) => ({ metric: r.metric, value: num(r.value[1]) }))
}

export async function rangeQuery(
  expr: string,
  start: Date,
  end: Date,
  stepSeconds: number,
  timeoutMs = 60_000,
): Promise<RangeSeries[]> {
  const result = (await call(
    '/api/v1/query_range',
    {
      query: expr,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    },
    timeoutMs,
  )) as { metric: Record<string, string>; values: [number, string][] }[]
  return result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, num(v)]) }))
}
