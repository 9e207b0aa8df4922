/**
 * The whole quality path of issue 15 on real parts: the golden-set prober probes the stable and
 * the degraded canary of llama-3-1-8b on a real simulator process (its chat completions API),
 * sends its verdicts as gen_ai.evaluation.result events to the real evaluation Collector (built
 * with the Collector Builder, dev/otelcol), and a real Prometheus scraping the Collector sees them
 * as the counters the quality SLO templates read (lib/slo/sli.ts), per version. Own ports and
 * directories; skipped with a message when the Collector has not been built.
 */
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { ActionSpec } from '@/lib/actions/run-action'
import type { GoldenProber } from '@/lib/quality/golden-prober'
import type { ProbeSet } from '@/lib/quality/prober/round'
import { resolveProbeTarget, type ProbeTarget, type RouteFacts } from '@/lib/quality/prober/target'
import { answersWrongly } from '@/dev/sim/answers'
import { DEMO_GOLDEN_PROMPTS } from '@/dev/sim/golden-demo'
import { planTopology, seededFleet } from '@/dev/sim/topology'
import { CALLERS } from '@/tests/support/users'
import { startSim, type SimProcess } from '@/harness/golden-sim'
import { collectorBinary, instant, startOtelStack, waitFor, type OtelStack } from '@/harness/otel-stack'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
type AnySpec = ActionSpec<z.ZodType, unknown>
const built = existsSync(collectorBinary())
const CANARY_QUALITY = 0.3
const NAME = `golden-${Date.now().toString(36)}`

let stack: OtelStack | undefined
let sim: SimProcess | undefined
let prober: GoldenProber | undefined
let setId = ''
let remove: AnySpec
let run: typeof import('@/lib/actions/run-action').executeAction

/** The seeded fleet's routes with the canary drained: stable 100, canary 0 (still probed). */
function targetsOf(poolUrl: string) {
  const plan = planTopology(seededFleet(), ['gpu-east'])
  const drained = (r: (typeof plan.routes)[number]): RouteFacts => ({
    namespace: r.namespace,
    name: r.name,
    rules: [
      {
        matches: [],
        backendRefs: r.backends.map((b) => ({
          kind: 'InferencePool',
          name: b.pool,
          namespace: r.namespace,
          weight: b.version === 'v1' ? 100 : 0,
        })),
      },
    ],
  })
  return async (set: ProbeSet): Promise<ProbeTarget[]> =>
    plan.routes
      .filter((r) => r.name === set.model)
      .flatMap((r) =>
        r.backends.map((b) =>
          resolveProbeTarget(
            {
              cluster: r.cluster,
              namespace: r.namespace,
              pool: b.pool,
              version: b.version,
              model: r.name,
              servedModel: r.model,
              port: 8000,
            },
            [drained(r)],
            { poolUrl, gatewayUrl: null },
          ),
        ),
      )
}

beforeAll(async () => {
  if (!built) return
  stack = await startOtelStack({ name: 'prober-collector-test', basePort: 19360, scrapeSeconds: 1 })
  sim = await startSim({
    name: 'prober-collector-test',
    port: 19119,
    scenario: {
      name: 'prober-collector-test',
      description: 'the llama-3-1-8b canary answers 30% right',
      events: [
        { kind: 'quality', route: 'llama-3-1-8b', version: 'v2', from: '-1h', goodRatio: CANARY_QUALITY },
      ],
    },
  })
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  const { db } = await import('@/lib/db/client')
  const specs = await import('@/lib/actions/specs/golden-set')
  remove = specs.deleteGoldenSetAction as AnySpec
  await db().team.upsert({
    where: { name: 'assistant' },
    create: { name: 'assistant', displayName: 'assistant' },
    update: {},
  })
  // This test owns the prober's tables while it runs: no other set is probed, no lease is held.
  await db().goldenSet.updateMany({ data: { enabled: false } })
  await db().proberState.deleteMany({})
  const r = await run(
    specs.createGoldenSetAction as AnySpec,
    { name: NAME, team: 'assistant', model: 'llama-3-1-8b', prompts: DEMO_GOLDEN_PROMPTS },
    { user: CALLERS.admin, originOk: true },
  )
  expect(r.ok, JSON.stringify(r)).toBe(true)
  if (r.ok) setId = (r.data as { id: string }).id
}, 300_000)

afterAll(async () => {
  await prober?.stop()
  if (setId) await run(remove, { id: setId }, { user: CALLERS.admin, originOk: true })
  await sim?.stop()
  await stack?.stop()
})

describe.skipIf(!built)('golden-set prober → evaluation Collector → Prometheus', () => {
  it('the canary’s failed golden prompts and the stable version’s passes land as per-version counters', async () => {
    const { createGoldenProber } = await import('@/lib/quality/golden-prober')
    prober = createGoldenProber({
      holder: `collector-test-${NAME}`,
      targetsFor: targetsOf(sim!.poolUrl),
      config: {
        enabled: true,
        intervalMs: 60_000,
        timeoutMs: 2_000,
        concurrency: 4,
        ratePerSecond: 50,
        maxTokens: 64,
        targets: { poolUrl: sim!.poolUrl, gatewayUrl: null },
        bearerToken: null,
        otlpEndpoint: stack!.otlpUrl,
        otlpBuffer: 1000,
      },
    })
    expect(await prober.runOnce()).not.toBeNull()
    await prober.stop() // sends what it buffered
    prober = undefined

    const degraded = DEMO_GOLDEN_PROMPTS.filter((p) =>
      answersWrongly(42, 'llama-3-1-8b', p.prompt, CANARY_QUALITY),
    )
    expect(degraded.length).toBeGreaterThan(0)
    const total = `sum(aire_gen_ai_evaluation_results_total{evaluation="${NAME}"})`
    expect(await waitFor(stack!.promUrl, total, (v) => v === 2 * DEMO_GOLDEN_PROMPTS.length, 30_000)).toBe(
      2 * DEMO_GOLDEN_PROMPTS.length,
    )
    const rows = await instant(
      stack!.promUrl,
      `sum by (version, label) (aire_gen_ai_evaluation_results_total{evaluation="${NAME}"})`,
    )
    const count = (version: string, label: string) =>
      rows.find((r) => r.metric.version === version && r.metric.label === label)?.value ?? 0
    expect(count('v1', 'pass')).toBe(DEMO_GOLDEN_PROMPTS.length)
    expect(count('v1', 'fail')).toBe(0)
    expect(count('v2', 'fail')).toBe(degraded.length)
    expect(count('v2', 'pass')).toBe(DEMO_GOLDEN_PROMPTS.length - degraded.length)
    // The drained canary is probed but counts for no route: the route's quality SLO reads only the
    // verdicts of the versions its users get, the version's SLO every verdict of its version.
    const byRoute = await instant(
      stack!.promUrl,
      `sum by (version, route) (aire_gen_ai_evaluation_results_total{evaluation="${NAME}"})`,
    )
    expect(byRoute.map((r) => `${r.metric.version} ${r.metric.route ?? ''}`).sort()).toEqual([
      'v1 llama-3-1-8b',
      'v2 ',
    ])
    // Nothing the prober sent was refused by the Collector's validation.
    const dropped = await instant(stack!.promUrl, 'sum(aire_gen_ai_evaluation_dropped_total)')
    expect(dropped[0]?.value ?? 0).toBe(0)
  })
})
