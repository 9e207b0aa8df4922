/**
 * Golden-set prober benchmark: throughput of the prober and its own CPU per 1,000 probes against
 * the simulator's chat API (a separate process, so its CPU is not counted), with every probe
 * checked and encoded as an OTLP evaluation event sent to a local sink.
 *
 *   PATH=node_modules/.bin:$PATH tsx --conditions=react-server bench/prober.ts \
 *       [--probes 5000] [--concurrency 8] [--rate 1000] [--port 19118] [--latency-scale 0]
 *
 * --rate and --concurrency are per model, like AIRE_PROBER_RATE_PER_SECOND / _CONCURRENCY;
 * --latency-scale 0 makes the simulator answer at once (1: its simulated time to first token).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startSim } from '@/harness/golden-sim'
import { DEMO_GOLDEN_PROMPTS } from '@/dev/sim/golden-demo'
import { planTopology, seededFleet } from '@/dev/sim/topology'
import { compileCheck } from '@/lib/quality/golden/checks'
import { askChat } from '@/lib/quality/prober/chat-client'
import { limitersPerModel } from '@/lib/quality/prober/limiter'
import { evaluationRecord } from '@/lib/quality/prober/otlp'
import { createOtlpExporter } from '@/lib/quality/prober/otlp-exporter'
import { runRound, type ProbeSet } from '@/lib/quality/prober/round'
import { resolveProbeTarget, type ProbeTarget } from '@/lib/quality/prober/target'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : def
}
const probesWanted = arg('probes', 5000)
const concurrency = arg('concurrency', 8)
const rate = arg('rate', 1000)
const port = arg('port', 19118)
const latencyScale = arg('latency-scale', 0)

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0

async function main() {
  const sim = await startSim({
    name: 'bench-prober',
    port,
    latencyScale,
    scenario: {
      name: 'bench-prober',
      description: '',
      events: [{ kind: 'quality', route: 'llama-3-1-8b', version: 'v2', from: '-1h', goodRatio: 0.3 }],
    },
  })
  // The OTLP sink reads and discards: its cost is not the prober's.
  let sinkBytes = 0
  const sink = createServer((req, res) => {
    req.on('data', (b: Buffer) => (sinkBytes += b.length))
    req.on('end', () => res.writeHead(200).end('{}'))
  })
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
  try {
    const plan = planTopology(seededFleet())
    const chatRoutes = plan.routes.filter((r) => !r.model.includes('bge'))
    const targets: ProbeTarget[] = chatRoutes.flatMap((r) =>
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
          [],
          { poolUrl: sim.poolUrl, gatewayUrl: null },
        ),
      ),
    )
    const set: ProbeSet = {
      id: 'bench',
      name: 'bench',
      model: '*',
      revision: 1,
      prompts: DEMO_GOLDEN_PROMPTS.map((p, position) => ({
        position,
        prompt: p.prompt,
        check: compileCheck(p.check),
      })),
    }
    const exporter = createOtlpExporter({
      endpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}`,
      resource: { serviceName: 'aire-console', serviceInstanceId: 'bench' },
      maxBuffer: 100_000,
    })
    const limiterFor = limitersPerModel({ concurrency, ratePerSecond: rate })
    const latencies: number[] = []
    const labels: Record<string, number> = {}
    const errors: Record<string, number> = {}
    const ask = async (t: ProbeTarget, prompt: string) => {
      const t0 = performance.now()
      const a = await askChat(t, prompt, { timeoutMs: 10_000, maxTokens: 64 })
      latencies.push(performance.now() - t0)
      if (a.kind === 'error') errors[a.message] = (errors[a.message] ?? 0) + 1
      return a
    }
    const deps = {
      targetsFor: async () => targets,
      ask,
      limiterFor,
      emit: (events: Parameters<typeof evaluationRecord>[0][]) => {
        for (const e of events) labels[e.label] = (labels[e.label] ?? 0) + 1
        exporter.enqueue(events.map((e) => evaluationRecord(e)))
      },
      now: Date.now,
    }
    // Warm-up round: connections, JIT.
    await runRound([set], deps)
    await exporter.flush()
    latencies.length = 0
    for (const m of [labels, errors]) for (const k of Object.keys(m)) delete m[k]
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    let probes = 0
    let rounds = 0
    while (probes < probesWanted) {
      const r = await runRound([set], deps)
      await exporter.flush()
      probes += r.probes
      rounds++
    }
    const wallS = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    const cpuMs = (cpu.user + cpu.system) / 1000
    const s = exporter.stats()
    console.log(
      `prober benchmark: ${targets.length} versions × ${set.prompts.length} prompts per round, ${rounds} rounds`,
    )
    console.log(
      `  per model: concurrency ${concurrency}, rate ${rate}/s; simulator latency scale ${latencyScale}`,
    )
    console.log(`  probes: ${probes} in ${wallS.toFixed(2)} s = ${(probes / wallS).toFixed(0)} probes/s`)
    console.log(
      `  prober CPU: ${cpuMs.toFixed(0)} ms total = ${((cpuMs / probes) * 1000).toFixed(0)} ms per 1,000 probes (${((cpuMs / 1000 / wallS) * 100).toFixed(0)}% of one core)`,
    )
    console.log(
      `  probe latency: p50 ${pct(latencies, 0.5).toFixed(1)} ms, p95 ${pct(latencies, 0.95).toFixed(1)} ms`,
    )
    console.log(
      `  labels: ${Object.entries(labels)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    )
    console.log(
      `  errors: ${
        Object.entries(errors)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      }`,
    )
    console.log(
      `  OTLP: ${s.sent} events sent (${(sinkBytes / 1e6).toFixed(1)} MB), ${s.buffered} buffered, ${s.dropped} dropped`,
    )
    console.log(`  RSS: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`)
  } finally {
    sink.close()
    await sim.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
