/**
 * Evaluation Collector ingest benchmark: OpenTelemetry GenAI `gen_ai.evaluation.result` events
 * over OTLP/HTTP JSON into the real Collector (dev/otelcol), scraped by a real Prometheus, on a
 * stack of its own (ports 19350–19355, .aire/otel-ingest-bench).
 *
 *   PATH=node_modules/.bin:$PATH tsx bench/otel-ingest.ts [--rate 1000] [--seconds 30] [--batch 50] [--scrape 5]
 *
 * Sends `rate` events/s in requests of `batch` events (rate/batch requests a second, each at its
 * scheduled time) and polls Prometheus every 100 ms for the counted total. The lag of a request is
 * from its send to the first poll whose total includes it: event to PromQL-visible, so it holds the
 * batch processor's 200 ms, the wait for the next scrape and the query. Target: p95 ≤ 2 scrape
 * intervals. Prints lag p50/p95/max, POST latency, events counted against sent (must be equal),
 * dropped and refused counts, and the Collector's CPU and memory. Needs the Collector binary
 * (bash dev/otelcol/build.sh) and Debian's prometheus.
 */
import { existsSync } from 'node:fs'
import { OTEL_EVAL } from '@/lib/metrics/contract'
import { evaluationResultsRequest, type EvaluationResult } from '@/lib/quality/otlp-evaluation'
import { collectorBinary, postLogs, scalarOf, startOtelStack } from '../harness/otel-stack'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}
const rate = arg('rate', 1000)
const seconds = arg('seconds', 30)
const batch = arg('batch', 50)
const scrape = arg('scrape', 5)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

/** A realistic mix: 4 evaluations × 2 versions, labels and scores (40 result series). */
function events(n: number, seq: number): EvaluationResult[] {
  const names = ['bench-faithfulness', 'bench-relevance', 'bench-toxicity', 'bench-golden']
  const labels = ['pass', 'fail', 'correct', 'incorrect', 'timeout']
  return Array.from({ length: n }, (_, i) => {
    const k = seq * n + i
    return {
      name: names[k % names.length]!,
      scoreLabel: labels[k % labels.length]!,
      scoreValue: (k % 11) / 10,
      requestModel: 'meta-llama/Llama-3.1-8B-Instruct',
      version: k % 2 ? 'v1' : 'v2',
      namespace: 'team-assistant',
      route: 'llama-3-1-8b',
      responseId: `chatcmpl-${k}`,
    }
  })
}

/** A value of the Collector's own metrics, read from it directly (no scrape in between). */
async function selfMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text()
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : NaN
}

async function main() {
  if (!existsSync(collectorBinary())) {
    console.error(`otel-ingest: ${collectorBinary()} is not built; run bash dev/otelcol/build.sh`)
    process.exit(2)
  }
  const stack = await startOtelStack({ name: 'otel-ingest-bench', basePort: 19350, scrapeSeconds: scrape })
  const counted = `sum(${OTEL_EVAL.results}{evaluation=~"bench-.+"})`
  try {
    const requests = Math.round((rate * seconds) / batch)
    const interval = (1000 * batch) / rate
    const sentAt: number[] = []
    const lag: number[] = []
    const post: number[] = []
    let failed = 0
    let seen = 0 // requests known visible (in send order: cumulative totals)
    let polling = true
    const poller = (async () => {
      while (polling || seen < sentAt.length) {
        const v = (await scalarOf(stack.promUrl, counted).catch(() => null)) ?? 0
        const now = performance.now()
        while (seen < sentAt.length && (seen + 1) * batch <= v) lag.push(now - sentAt[seen++]!)
        if (!polling && now - sentAt[sentAt.length - 1]! > 10 * scrape * 1000) break
        await sleep(100)
      }
    })()
    const cpu0 = await selfMetric(stack.telemetryUrl, 'otelcol_process_cpu_seconds')
    const t0 = performance.now()
    const inflight: Promise<void>[] = []
    for (let i = 0; i < requests; i++) {
      const due = t0 + i * interval
      const wait = due - performance.now()
      if (wait > 0) await sleep(wait)
      const body = evaluationResultsRequest(events(batch, i))
      const start = performance.now()
      sentAt.push(start)
      inflight.push(
        postLogs(stack.otlpUrl, body).then(
          (status) => {
            post.push(performance.now() - start)
            if (status !== 200) failed++
          },
          () => {
            failed++
          },
        ),
      )
    }
    await Promise.all(inflight)
    const sendSeconds = (performance.now() - t0) / 1000
    const cpu1 = await selfMetric(stack.telemetryUrl, 'otelcol_process_cpu_seconds')
    const rss = await selfMetric(stack.telemetryUrl, 'otelcol_process_memory_rss')
    polling = false
    await poller
    await sleep(2 * scrape * 1000)
    const total = (await scalarOf(stack.promUrl, counted)) ?? 0
    const dropped = (await scalarOf(stack.promUrl, `sum(${OTEL_EVAL.dropped})`)) ?? 0
    const refused = (await scalarOf(stack.promUrl, 'sum(otelcol_receiver_refused_log_records)')) ?? 0
    const lost = (await scalarOf(stack.promUrl, 'sum(otelcol_deltatocumulative_datapoints{error!=""})')) ?? 0
    const sent = requests * batch
    const ms = (x: number) => `${x.toFixed(0)} ms`
    console.log(
      `otel-ingest: ${sent} events in ${requests} requests of ${batch} over ${sendSeconds.toFixed(1)} s`,
    )
    console.log(
      `  offered ${rate}/s, achieved ${(sent / sendSeconds).toFixed(0)}/s; failed requests ${failed}`,
    )
    console.log(
      `  counted ${total} of ${sent} (${total === sent ? 'all' : 'MISMATCH'}); dropped ${dropped}, refused ${refused}, delta points lost ${lost}`,
    )
    console.log(
      `  lag event → PromQL-visible: p50 ${ms(pct(lag, 50))}  p95 ${ms(pct(lag, 95))}  max ${ms(Math.max(...lag))}  (n=${lag.length}, scrape ${scrape} s)`,
    )
    console.log(
      `  target p95 ≤ 2 scrape intervals (${2 * scrape * 1000} ms): ${pct(lag, 95) <= 2 * scrape * 1000 ? 'met' : 'NOT met'}`,
    )
    console.log(`  POST /v1/logs: p50 ${ms(pct(post, 50))}  p95 ${ms(pct(post, 95))}`)
    console.log(
      `  Collector CPU ${(((cpu1 - cpu0) / sendSeconds) * 100).toFixed(1)}% of one core while sending; RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
    )
    if (total !== sent || failed > 0) process.exitCode = 1
  } finally {
    await stack.stop()
  }
}

void main()
