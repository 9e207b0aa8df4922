import { CLUSTER_LABEL, DCGM, GATEWAY, VLLM } from './contract'

/**
 * PromQL builders for the cost roll-up: pure functions returning exact strings (unit-tested).
 * @see https://prometheus.io/docs/prometheus/latest/querying/functions/
 */

/** A duration in whole seconds as PromQL writes it: 3600 → "1h", 90 → "90s". */
export function promDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`invalid duration ${seconds}s`)
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`
  if (seconds % 3600 === 0) return `${seconds / 3600}h`
  if (seconds % 60 === 0) return `${seconds / 60}m`
  return `${seconds}s`
}

export function selector(metric: string, matchers: Record<string, string> = {}): string {
  const parts = Object.entries(matchers).map(([k, v]) => `${k}="${v.replace(/["\\]/g, '\\$&')}"`)
  return parts.length > 0 ? `${metric}{${parts.join(',')}}` : metric
}

/**
 * Growth of counter `s` over the `window` seconds before each evaluation time, summed by `by`.
 *
 * Series without a reset use the difference of the last samples at both ends (looking back up to
 * `lookback`): it telescopes exactly across consecutive windows, so a scrape gap that spans a
 * window boundary moves traffic to the next window instead of losing it. Series with a reset
 * (or a value that went down) fall back to increase(), which adds the post-reset value; series
 * that did not exist at the window's start also use increase().
 */
export function counterDelta(s: string, by: readonly string[], window: number, lookback = 3600): string {
  const w = promDuration(window)
  const lb = promDuration(lookback)
  const resetWindow = promDuration(window + 60)
  const diff = `(last_over_time(${s}[${lb}]) - last_over_time(${s}[${lb}] offset ${w})) >= 0`
  return `sum by (${by.join(', ')}) ((${diff} unless resets(${s}[${resetWindow}]) > 0) or increase(${s}[${w}]))`
}

export const TOKEN_GROUPING = [
  CLUSTER_LABEL,
  GATEWAY.teamLabel,
  GATEWAY.modelLabel,
  GATEWAY.routeLabel,
  GATEWAY.tokenTypeLabel,
] as const

/** Tokens per cluster × team × model × route × token type over `window` seconds. */
export function tokenUsageQuery(metricBase: string, window: number): string {
  return counterDelta(`${metricBase}_sum`, TOKEN_GROUPING, window)
}

/** Which gateway metric name this Prometheus has (current or pre-1.0 name). */
export function tokenMetricProbe(): string {
  return `count by (__name__) ({__name__=~"${GATEWAY.tokenUsage}_sum|${GATEWAY.tokenUsageLegacy}_sum"})`
}

export const GPU_GROUPING = [
  CLUSTER_LABEL,
  'namespace',
  'pod',
  DCGM.productLabel,
  DCGM.migProfileLabel,
] as const

/**
 * GPU-hours over `window` seconds per GPU (or MIG instance) owner: the share of 1-minute steps at
 * which the GPU reported, so the result does not depend on the scrape interval. Divided by the
 * number of steps the subquery really evaluates (Prometheus 2.x includes both ends).
 */
export function gpuHoursQuery(window: number, step = 60): string {
  const sub = `[${promDuration(window)}:${promDuration(step)}]`
  const hours = window / 3600
  return (
    `sum by (${GPU_GROUPING.join(', ')}) (count_over_time(${DCGM.gpuUtil}${sub})) ` +
    `/ scalar(count_over_time(vector(1)${sub})) * ${hours}`
  )
}

/** Busy GPU-hours: utilisation-weighted GPU-hours (DCGM_FI_DEV_GPU_UTIL is 0..100). */
export function gpuBusyHoursQuery(window: number, step = 60): string {
  const sub = `[${promDuration(window)}:${promDuration(step)}]`
  const hours = window / 3600
  return (
    `sum by (${GPU_GROUPING.join(', ')}) (sum_over_time(${DCGM.gpuUtil}${sub})) / 100 ` +
    `/ scalar(count_over_time(vector(1)${sub})) * ${hours}`
  )
}

/** Which served model each model-server pod ran during the window (from vLLM's own labels). */
export function podModelQuery(window: number): string {
  return `group by (${CLUSTER_LABEL}, namespace, pod, ${VLLM.modelLabel}) (last_over_time(${VLLM.running}[${promDuration(window)}]))`
}
