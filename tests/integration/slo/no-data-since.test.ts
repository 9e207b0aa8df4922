/**
 * "With the Collector stopped, the SLO page says no data since …, never ok" (issue 15): a quality
 * SLO over OpenTelemetry evaluation results, evaluated against a real Prometheus scraping the real
 * evaluation Collector (harness/otel-stack, own ports). While events arrive the SLO has a state;
 * once the Collector is down its counters vanish and the SLO is no_data with the time the events
 * stopped, although its longer windows still hold good numbers. The freshness window is shortened
 * (AIRE_SLO_FRESH_SECONDS=10, scrape 1 s) so the test takes seconds, not five minutes.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SloDefinition } from '@/lib/slo/types'
import { evaluationResultsRequest } from '@/lib/quality/otlp-evaluation'
import { collectorBinary, postLogs, startOtelStack, type OtelStack } from '@/harness/otel-stack'

const built = existsSync(collectorBinary())
const NAME = `freshness-${Date.now().toString(36)}`
let stack: OtelStack | undefined
let evaluateSlos: typeof import('@/lib/slo/evaluate').evaluateSlos

const slo: SloDefinition = {
  id: 'no-data-since',
  name: 'golden answers',
  team: 'assistant',
  description: null,
  sliKind: 'quality',
  target: {
    kind: 'model',
    model: 'llama-3-1-8b',
    servedModel: null,
    version: null,
    namespace: null,
    route: null,
    cluster: null,
  },
  objective: 0.99,
  windowDays: 30,
  qualitySource: 'evaluation_label',
  evaluationName: NAME,
  scoreThreshold: null,
  latencyThreshold: null,
  customGood: null,
  customTotal: null,
  updatedAt: new Date().toISOString(),
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  if (!built) return
  stack = await startOtelStack({ name: 'slo-no-data-since', basePort: 19370, scrapeSeconds: 1 })
  process.env.PROMETHEUS_URL = stack.promUrl
  process.env.AIRE_SLO_FRESH_SECONDS = '10'
  ;({ evaluateSlos } = await import('@/lib/slo/evaluate'))
}, 120_000)

afterAll(async () => {
  await stack?.stop()
})

describe.skipIf(!built)('an SLO whose evaluation events stop', () => {
  it('has a state while events arrive, and is "no data since" — not ok — once the Collector is down', async () => {
    const post = () =>
      postLogs(
        stack!.otlpUrl,
        evaluationResultsRequest(
          Array.from({ length: 20 }, () => ({
            name: NAME,
            scoreLabel: 'pass',
            scoreValue: 1,
            requestModel: 'llama-3-1-8b',
            version: 'v1',
          })),
        ),
      )
    // Long enough for the windows to see the counters grow.
    for (let i = 0; i < 8; i++) {
      expect(await post()).toBe(200)
      await sleep(1_000)
    }
    await expect
      .poll(async () => (await evaluateSlos([slo])).get(slo.id)!.state, { timeout: 15_000 })
      .toBe('ok')
    const lastEvent = Date.now()
    await stack!.stopCollector()
    // The freshness window (10 s) plus a few scrapes after the last sample.
    await expect
      .poll(async () => (await evaluateSlos([slo])).get(slo.id)!.state, {
        timeout: 30_000,
        interval: 2_000,
      })
      .toBe('no_data')
    const s = (await evaluateSlos([slo])).get(slo.id)!
    // The 1h window still holds the good events: without the check this would say "ok".
    expect(s.burns['1h']).toBe(0)
    expect(s.noDataSince).not.toBeNull()
    const since = Date.parse(s.noDataSince!)
    console.log(`no data since ${s.noDataSince} (last event ${new Date(lastEvent).toISOString()})`)
    expect(Math.abs(since - lastEvent)).toBeLessThan(15_000)
  })
})
