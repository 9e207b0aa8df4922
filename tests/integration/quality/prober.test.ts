/**
 * The golden-set prober against a real simulator process (dev/sim, its own port) and the real
 * database (DATABASE_URL: SQLite or PostgreSQL): it probes the stable and the degraded canary
 * version of llama-3-1-8b separately over the chat completions API, records the canary's failing
 * answers (a redacted sample of at most 5), sees stable pass, counts a slow version's probes as
 * timeouts, and sends one gen_ai.evaluation.result event per probe over OTLP/HTTP JSON.
 *
 * The OTLP receiver here is a capture HTTP server of this test: the real Collector is another
 * part of issue 15 (dev/otelcol), and this test checks the payload the prober sends, not the
 * Collector's reading of it. Two prober instances share the lease: one probes.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { ActionSpec } from '@/lib/actions/run-action'
import type { ProberConfig } from '@/lib/quality/prober/config'
import type { GoldenProber } from '@/lib/quality/golden-prober'
import type { ProbeSet } from '@/lib/quality/prober/round'
import { resolveProbeTarget, type PoolFacts, type ProbeTarget } from '@/lib/quality/prober/target'
import { CALLERS } from '@/tests/support/users'
import { answersWrongly } from '@/dev/sim/answers'
import { DEMO_GOLDEN_PROMPTS } from '@/dev/sim/golden-demo'
import { planTopology, seededFleet } from '@/dev/sim/topology'
import { startSim, type SimProcess } from '@/harness/golden-sim'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
type AnySpec = ActionSpec<z.ZodType, unknown>
const SIM_PORT = Number(process.env.AIRE_PROBER_TEST_SIM_PORT ?? 19117)
const suffix = Date.now().toString(36)
const CANARY_QUALITY = 0.3

let sim: SimProcess
let capture: Server
let otlpUrl = ''
const received: { path: string; body: OtlpBody }[] = []
let run: typeof import('@/lib/actions/run-action').executeAction
let db: typeof import('@/lib/db/client').db
let createProber: typeof import('@/lib/quality/golden-prober').createGoldenProber
let store: typeof import('@/lib/quality/store/results')
let state: typeof import('@/lib/quality/store/prober-state')
let specs: { create: AnySpec; remove: AnySpec }
const probers: GoldenProber[] = []
const setIds: string[] = []

interface OtlpBody {
  resourceLogs: {
    scopeLogs: {
      logRecords: { eventName: string; attributes: { key: string; value: Record<string, unknown> }[] }[]
    }[]
  }[]
}

const records = () =>
  received.flatMap((r) =>
    r.body.resourceLogs.flatMap((rl) =>
      rl.scopeLogs.flatMap((s) =>
        s.logRecords.map((l) => ({
          eventName: l.eventName,
          a: Object.fromEntries(l.attributes.map((x) => [x.key, Object.values(x.value)[0]])),
        })),
      ),
    ),
  )

/** The seeded fleet's pools of a model in gpu-east, as the watch cache would list them. */
function targetsOf(poolUrl: string) {
  const plan = planTopology(seededFleet(), ['gpu-east'])
  return async (set: ProbeSet): Promise<ProbeTarget[]> =>
    plan.routes
      .filter((r) => r.name === set.model)
      .flatMap((r) =>
        r.backends.map((b) => {
          const pool: PoolFacts = {
            cluster: r.cluster,
            namespace: r.namespace,
            pool: b.pool,
            version: b.version,
            model: r.name,
            servedModel: r.model,
            port: 8000,
          }
          return resolveProbeTarget(pool, [], { poolUrl, gatewayUrl: null })
        }),
      )
}

function config(over: Partial<ProberConfig> = {}): ProberConfig {
  return {
    enabled: true,
    intervalMs: 60_000,
    timeoutMs: 1_500,
    concurrency: 4,
    ratePerSecond: 50,
    maxTokens: 64,
    targets: { poolUrl: sim.poolUrl, gatewayUrl: null },
    bearerToken: null,
    otlpEndpoint: otlpUrl,
    otlpBuffer: 1000,
    ...over,
  }
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}

beforeAll(async () => {
  sim = await startSim({
    name: 'golden-prober-test',
    port: SIM_PORT,
    scenario: {
      name: 'golden-prober-test',
      description: 'the llama-3-1-8b canary answers 30% right; the qwen2-5-7b canary is too slow to answer',
      events: [
        { kind: 'quality', route: 'llama-3-1-8b', version: 'v2', from: '-1h', goodRatio: CANARY_QUALITY },
        { kind: 'latency', route: 'qwen2-5-7b', version: 'v2', from: '-1h', factor: 40 },
      ],
    },
  })
  capture = createServer((req, res) => {
    void body(req).then((b) => {
      received.push({ path: req.url ?? '', body: JSON.parse(b) as OtlpBody })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((r) => capture.listen(0, '127.0.0.1', r))
  otlpUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`

  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  ;({ createGoldenProber: createProber } = await import('@/lib/quality/golden-prober'))
  store = await import('@/lib/quality/store/results')
  state = await import('@/lib/quality/store/prober-state')
  const a = await import('@/lib/actions/specs/golden-set')
  specs = { create: a.createGoldenSetAction as AnySpec, remove: a.deleteGoldenSetAction as AnySpec }
  for (const name of ['assistant', 'search'])
    await db().team.upsert({ where: { name }, create: { name, displayName: name }, update: {} })
  // Sets of earlier runs (and their lease) would be probed too: this test owns the prober's tables.
  await db().goldenSet.updateMany({ data: { enabled: false } })
  await db().proberState.deleteMany({})
}, 300_000)

afterAll(async () => {
  for (const p of probers) await p.stop()
  for (const id of setIds) await run(specs.remove, { id }, { user: CALLERS.admin, originOk: true })
  await sim?.stop()
  await new Promise<void>((r) => (capture ? capture.close(() => r()) : r()))
})

describe('golden-set prober', () => {
  it('an admin saves golden sets through the action pipeline; hostile input is refused per field', async () => {
    const as = { user: CALLERS.admin, originOk: true }
    const refused = await run(
      specs.create,
      {
        name: `hostile-${suffix}`,
        team: 'assistant',
        model: 'llama-3-1-8b',
        prompts: [{ prompt: 'x', check: { kind: 'regex', pattern: '(a+)+$' } }],
      },
      as,
    )
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(!refused.ok && refused.fieldErrors?.['prompts.0.check.pattern']?.[0]).toMatch(/Nested/)
    const viewer = await run(
      specs.create,
      {
        name: `viewer-${suffix}`,
        team: 'assistant',
        model: 'llama-3-1-8b',
        prompts: [{ prompt: 'x', check: { kind: 'refuses' } }],
      },
      { user: CALLERS.operator, originOk: true },
    )
    expect(viewer).toMatchObject({ ok: false, code: 'forbidden' })

    for (const s of [
      { name: `basics-${suffix}`, model: 'llama-3-1-8b', prompts: DEMO_GOLDEN_PROMPTS },
      {
        name: `qwen-${suffix}`,
        model: 'qwen2-5-7b',
        team: 'search',
        prompts: DEMO_GOLDEN_PROMPTS.slice(0, 3),
      },
    ]) {
      const r = await run(specs.create, { team: 'assistant', ...s }, as)
      expect(r.ok, JSON.stringify(r)).toBe(true)
      if (r.ok) setIds.push((r.data as { id: string }).id)
    }
    const audit = await db().auditEvent.findFirst({
      where: { action: 'golden.create', name: `basics-${suffix}`, result: 'applied' },
    })
    expect(audit?.after).toContain('"prompts":10')
  })

  it('two instances, one lease: only one probes; stable passes, the canary fails its degraded prompts', async () => {
    const a = createProber({ holder: `A-${suffix}`, config: config(), targetsFor: targetsOf(sim.poolUrl) })
    const b = createProber({ holder: `B-${suffix}`, config: config(), targetsFor: targetsOf(sim.poolUrl) })
    probers.push(a, b)
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()])
    expect([ra, rb].filter((r) => r !== null)).toHaveLength(1)
    const winner = ra ? a : b
    const loser = ra ? b : a
    expect((await state.proberStatus())?.holder).toBe(winner.holder)
    expect(await loser.runOnce()).toBeNull()

    const [basics, qwen] = setIds as [string, string]
    const results = await store.resultsOf(basics)
    const byVersion = Object.fromEntries(results.map((r) => [r.version, r]))
    expect(Object.keys(byVersion).sort()).toEqual(['v1', 'v2'])
    expect(byVersion.v1).toMatchObject({
      lastPassed: 10,
      lastTotal: 10,
      via: 'service',
      pool: 'llama-3-1-8b-v1',
    })
    // exactly the prompts the simulator's scenario answers wrongly on the canary
    const degraded = DEMO_GOLDEN_PROMPTS.filter((p) =>
      answersWrongly(42, 'llama-3-1-8b', p.prompt, CANARY_QUALITY),
    )
    expect(degraded.length).toBeGreaterThan(0)
    expect(byVersion.v2).toMatchObject({
      lastTotal: 10,
      lastPassed: 10 - degraded.length,
      failed: degraded.length,
    })

    const failures = await store.failuresOf(basics)
    expect(failures.filter((f) => f.version === 'v1')).toEqual([])
    const canary = failures.filter((f) => f.version === 'v2')
    expect(canary.length).toBe(Math.min(5, degraded.length))
    for (const f of canary) {
      expect(f.label).toBe('fail')
      expect(f.answer.length).toBeGreaterThan(0)
      expect(f.answer.length).toBeLessThanOrEqual(400)
      expect(degraded.map((p) => p.prompt)).toContain(DEMO_GOLDEN_PROMPTS[f.position]!.prompt)
      expect(f.responseId).toMatch(/^chatcmpl-/)
    }
    // a version that does not answer within the timeout: every probe labelled timeout
    const q = Object.fromEntries((await store.resultsOf(qwen)).map((r) => [r.version, r]))
    expect(q.v1).toMatchObject({ lastPassed: 3, lastTotal: 3 })
    expect(q.v2).toMatchObject({ lastPassed: 0, timedOut: 3 })
    expect((await store.failuresOf(qwen)).filter((f) => f.version === 'v2').map((f) => f.label)).toEqual([
      'timeout',
      'timeout',
      'timeout',
    ])
  })

  it('sends one gen_ai.evaluation.result per probe to {endpoint}/v1/logs, with the version’s attributes', () => {
    expect(received.every((r) => r.path === '/v1/logs')).toBe(true)
    const all = records()
    expect(all).toHaveLength(2 * 10 + 2 * 3)
    expect(all.every((r) => r.eventName === 'gen_ai.evaluation.result')).toBe(true)
    const basics = all.filter((r) => r.a['gen_ai.evaluation.name'] === `basics-${suffix}`)
    const v1 = basics.filter((r) => r.a['aire.model.version'] === 'v1')
    expect(v1).toHaveLength(10)
    for (const r of v1) {
      expect(r.a).toMatchObject({
        'gen_ai.evaluation.score.value': 1,
        'gen_ai.evaluation.score.label': 'pass',
        'gen_ai.request.model': 'meta-llama/Llama-3.1-8B-Instruct',
        'k8s.namespace.name': 'team-assistant',
      })
      expect(r.a['gen_ai.response.id']).toMatch(/^chatcmpl-[0-9a-f]{24}$/)
    }
    const v2labels = basics
      .filter((r) => r.a['aire.model.version'] === 'v2')
      .map((r) => r.a['gen_ai.evaluation.score.label'])
    expect(v2labels.filter((l) => l === 'fail').length).toBeGreaterThan(0)
    const timeouts = all.filter((r) => r.a['gen_ai.evaluation.score.label'] === 'timeout')
    expect(timeouts).toHaveLength(3)
    expect(
      timeouts.every((r) => r.a['gen_ai.evaluation.score.value'] === 0 && !('gen_ai.response.id' in r.a)),
    ).toBe(true)
  })

  it('with the OTLP endpoint down it buffers and counts, then catches up; a stopped holder hands over the lease', async () => {
    const holder = (await state.proberStatus())?.holder
    const current = probers.find((p) => p.holder === holder)!
    const other = probers.find((p) => p !== current)!
    capture.closeAllConnections()
    await new Promise<void>((r) => capture.close(() => r()))
    await current.runOnce()
    const down = await state.proberStatus()
    expect(down?.otlp).toMatchObject({ enabled: true, sent: 26, buffered: 26, dropped: 0 })
    expect(down?.otlp.downSince).not.toBeNull()
    expect(down?.otlp.lastError).toMatch(/ECONNREFUSED/)

    await new Promise<void>((r) => capture.listen(Number(new URL(otlpUrl).port), '127.0.0.1', r))
    received.length = 0
    // Stopping sends what it buffered before it lets go of the lease.
    await current.stop()
    expect(records()).toHaveLength(26)
    expect((await state.proberStatus())?.otlp).toMatchObject({
      sent: 52,
      buffered: 0,
      dropped: 0,
      downSince: null,
    })
    expect(await other.runOnce()).not.toBeNull()
    expect((await state.proberStatus())?.holder).toBe(other.holder)
    expect(records()).toHaveLength(52)
    expect((await state.proberStatus())?.otlp).toMatchObject({ sent: 78, buffered: 0 })
  })
})
