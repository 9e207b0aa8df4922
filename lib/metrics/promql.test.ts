import { describe, expect, it } from 'vitest'
import {
  counterDelta,
  gpuBusyHoursQuery,
  gpuHoursQuery,
  podModelQuery,
  promDuration,
  selector,
  tokenMetricProbe,
  tokenUsageQuery,
} from './promql'

describe('promDuration', () => {
  it('writes the largest whole unit', () => {
    expect(promDuration(3600)).toBe('1h')
    expect(promDuration(3660)).toBe('61m')
    expect(promDuration(86_400 * 2)).toBe('2d')
    expect(promDuration(1234)).toBe('1234s')
  })
  it('refuses durations PromQL cannot express', () => {
    expect(() => promDuration(0)).toThrow()
    expect(() => promDuration(1.5)).toThrow()
  })
})

describe('PromQL builders', () => {
  it('escapes label values in selectors', () => {
    expect(selector('up', { job: 'a"b', x: 'c\\d' })).toBe('up{job="a\\"b",x="c\\\\d"}')
    expect(selector('up')).toBe('up')
  })

  it('builds the exact counter delta: boundary difference, increase() for resets and new series', () => {
    expect(counterDelta('x_total', ['a', 'b'], 3600)).toBe(
      'sum by (a, b) (((last_over_time(x_total[1h]) - last_over_time(x_total[1h] offset 1h)) >= 0 ' +
        'unless resets(x_total[61m]) > 0) or increase(x_total[1h]))',
    )
  })

  it('builds the hourly token usage query on the gateway histogram sum', () => {
    expect(tokenUsageQuery('gen_ai_client_token_usage', 3600)).toBe(
      'sum by (cluster, gen_ai_tenant, gen_ai_request_model, route, gen_ai_token_type) ' +
        '(((last_over_time(gen_ai_client_token_usage_sum[1h]) - last_over_time(gen_ai_client_token_usage_sum[1h] offset 1h)) >= 0 ' +
        'unless resets(gen_ai_client_token_usage_sum[61m]) > 0) or increase(gen_ai_client_token_usage_sum[1h]))',
    )
  })

  it('builds a partial-hour query with a window in seconds', () => {
    expect(tokenUsageQuery('gen_ai_client_token_usage_token', 1234)).toContain(
      'offset 1234s)) >= 0 unless resets(gen_ai_client_token_usage_token_sum[1294s]) > 0) or increase(gen_ai_client_token_usage_token_sum[1234s])',
    )
  })

  it('probes both gateway metric names', () => {
    expect(tokenMetricProbe()).toBe(
      'count by (__name__) ({__name__=~"gen_ai_client_token_usage_sum|gen_ai_client_token_usage_token_sum"})',
    )
  })

  it('builds GPU-hours and busy GPU-hours from 1-minute steps', () => {
    expect(gpuHoursQuery(3600)).toBe(
      'sum by (cluster, namespace, pod, modelName, GPU_I_PROFILE) (count_over_time(DCGM_FI_DEV_GPU_UTIL[1h:1m])) ' +
        '/ scalar(count_over_time(vector(1)[1h:1m])) * 1',
    )
    expect(gpuBusyHoursQuery(1800)).toBe(
      'sum by (cluster, namespace, pod, modelName, GPU_I_PROFILE) (sum_over_time(DCGM_FI_DEV_GPU_UTIL[30m:1m])) / 100 ' +
        '/ scalar(count_over_time(vector(1)[30m:1m])) * 0.5',
    )
  })

  it('maps pods to served models from vLLM labels', () => {
    expect(podModelQuery(3600)).toBe(
      'group by (cluster, namespace, pod, model_name) (last_over_time(vllm:num_requests_running[1h]))',
    )
  })
})
