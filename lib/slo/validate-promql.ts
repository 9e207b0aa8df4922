import 'server-only'
import { AppError } from '@/lib/errors'
import { instantQuery } from '@/lib/metrics/prometheus'
import { withWindow } from './sli'

/** Prometheus' own words about a refused query, on one line, without the transport wrapper. */
function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return msg
    .replace(/^Prometheus answered HTTP \d+:\s*/, '')
    .replace(/\s+/g, ' ')
    .slice(0, 200)
}

/**
 * Custom good/total PromQL is evaluated once (with a 5m window, summed as the console will) before
 * it is saved: syntax, types and functions are Prometheus' to judge, not a regex's.
 */
export async function validateCustomQueries(good: string, total: string): Promise<void> {
  const fieldErrors: Record<string, string[]> = {}
  for (const [field, expr] of [
    ['customGood', good],
    ['customTotal', total],
  ] as const) {
    try {
      await instantQuery(`sum(${withWindow(expr, 300)})`, new Date(), 10_000)
    } catch (e) {
      if (e instanceof AppError && e.code === 'metrics_unavailable') {
        throw new AppError(
          'metrics_unavailable',
          'Prometheus is unreachable, so the custom queries could not be checked; nothing was saved.',
        )
      }
      fieldErrors[field] = [`Prometheus refused this query: ${reason(e)}`]
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError('invalid_input', 'Prometheus refused the custom PromQL; nothing was saved.', {
      fieldErrors,
    })
  }
}
