/**
 * The evaluation Collector (built by dev/otelcol/build.sh, configured by dev/otelcol/config.yaml)
 * and a Prometheus (Debian's) scraping its counters and its own metrics, on ports and in a
 * directory of their own, so the demo and test profiles are never touched. Started and stopped by
 * the test or benchmark that uses them; the pids are theirs.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { reachable, sleep, stopChild, untilReady } from './child-process'

export interface OtelStack {
  /** OTLP/HTTP base URL: POST `${otlpUrl}/v1/logs` */
  otlpUrl: string
  /** the Collector's counters (the Prometheus exporter) */
  countersUrl: string
  /** the Collector's own metrics (otelcol_receiver_accepted_log_records, …) */
  telemetryUrl: string
  healthUrl: string
  promUrl: string
  scrapeSeconds: number
  /** Stops only the Collector (Prometheus keeps scraping its address), as when it goes down. */
  stopCollector: () => Promise<void>
  stop: () => Promise<void>
}

/** Where build.sh caches the binary: the same cache root and the release it pins. */
export function collectorBinary(): string {
  if (process.env.AIRE_OTELCOL_BIN) return process.env.AIRE_OTELCOL_BIN
  const script = readFileSync(resolve('dev/otelcol/build.sh'), 'utf8')
  const version = /^OCB_VERSION=v(\S+)/m.exec(script)?.[1] ?? 'unknown'
  const cache =
    process.env.AIRE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aire-console')
  return join(cache, 'bin', `otelcol-${version}`, 'otelcol-aire')
}

/**
 * The Collector process alone, on five consecutive ports from `basePort` (OTLP/HTTP, OTLP/gRPC,
 * counters, health, own metrics), working in `dir`. The caller waits for its health URL.
 */
export function spawnCollector(opts: { dir: string; basePort: number; allowedNames?: string }): ChildProcess {
  const [http, grpc, counters, health, telemetry] = [0, 1, 2, 3, 4].map((i) => opts.basePort + i)
  return spawn(collectorBinary(), [`--config=${resolve('dev/otelcol/config.yaml')}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: opts.dir,
    env: {
      ...process.env,
      AIRE_OTELCOL_HTTP_PORT: String(http),
      AIRE_OTELCOL_GRPC_PORT: String(grpc),
      AIRE_OTELCOL_METRICS_PORT: String(counters),
      AIRE_OTELCOL_HEALTH_PORT: String(health),
      AIRE_OTELCOL_TELEMETRY_PORT: String(telemetry),
      ...(opts.allowedNames ? { AIRE_OTEL_EVALUATION_NAMES: opts.allowedNames } : {}),
    },
  })
}

export async function startOtelStack(opts: {
  /** directory under .aire (wiped at start) */
  name: string
  /** first of six consecutive ports: OTLP/HTTP, OTLP/gRPC, counters, health, own metrics, Prometheus */
  basePort: number
  scrapeSeconds?: number
  /** AIRE_OTEL_EVALUATION_NAMES: the allow-list (regex) of evaluation names */
  allowedNames?: string
}): Promise<OtelStack> {
  const dir = resolve('.aire', opts.name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'prometheus', 'data'), { recursive: true })
  const [http, , counters, health, telemetry, prom] = [0, 1, 2, 3, 4, 5].map((i) => opts.basePort + i)
  const scrape = opts.scrapeSeconds ?? 1
  const children: ChildProcess[] = []
  const logTo = (c: ChildProcess, file: string) => {
    const lines: string[] = []
    const keep = (b: Buffer) => {
      lines.push(...b.toString().split('\n').filter(Boolean))
      if (lines.length > 300) lines.splice(0, lines.length - 300)
      writeFileSync(join(dir, file), lines.join('\n'))
    }
    c.stdout?.on('data', keep)
    c.stderr?.on('data', keep)
  }
  const stop = async () => {
    for (const c of children.reverse()) await stopChild(c)
  }
  const stdio = ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[]
  try {
    const collector = spawnCollector({ dir, basePort: opts.basePort, allowedNames: opts.allowedNames })
    children.push(collector)
    logTo(collector, 'otelcol.log')
    const healthUrl = `http://127.0.0.1:${health}/`
    await untilReady('collector', () => reachable(healthUrl), 30_000, collector)

    const config = join(dir, 'prometheus', 'prometheus.yml')
    writeFileSync(
      config,
      [
        'global:',
        `  scrape_interval: ${scrape}s`,
        `  evaluation_interval: ${scrape}s`,
        'scrape_configs:',
        '  - job_name: aire-otelcol',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${counters}', '127.0.0.1:${telemetry}']`,
        '',
      ].join('\n'),
    )
    const prometheus = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'prometheus', 'data')}`,
        `--web.listen-address=127.0.0.1:${prom}`,
        '--storage.tsdb.retention.time=1d',
        '--log.level=warn',
      ],
      { stdio },
    )
    children.push(prometheus)
    logTo(prometheus, 'prometheus.log')
    const promUrl = `http://127.0.0.1:${prom}`
    await untilReady('prometheus', () => reachable(`${promUrl}/-/ready`), 120_000, prometheus)
    return {
      otlpUrl: `http://127.0.0.1:${http}`,
      countersUrl: `http://127.0.0.1:${counters}/metrics`,
      telemetryUrl: `http://127.0.0.1:${telemetry}/metrics`,
      healthUrl,
      promUrl,
      scrapeSeconds: scrape,
      stopCollector: () => stopChild(collector),
      stop,
    }
  } catch (e) {
    await stop()
    const tail = (f: string) =>
      existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').slice(-2000) : ''
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n${tail('otelcol.log')}\n${tail('prometheus.log')}`,
    )
  }
}

/** POSTs an OTLP/HTTP JSON logs request; returns the HTTP status. */
export async function postLogs(otlpUrl: string, body: unknown): Promise<number> {
  const res = await fetch(`${otlpUrl}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await res.arrayBuffer()
  return res.status
}

/** One instant query's result as label sets and values. */
export async function instant(
  promUrl: string,
  query: string,
): Promise<{ metric: Record<string, string>; value: number }[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(query)}`)
  const body = (await res.json()) as {
    status: string
    error?: string
    data?: { result: { metric: Record<string, string>; value: [number, string] }[] }
  }
  if (body.status !== 'success') throw new Error(`${query}: ${body.error ?? res.status}`)
  return (body.data?.result ?? []).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }))
}

/** The single value of a query, or null when it has none. */
export async function scalarOf(promUrl: string, query: string): Promise<number | null> {
  const r = await instant(promUrl, query)
  return r.length === 0 ? null : r[0]!.value
}

/** Polls until `check` holds for the query's value (null: no data) or the time is up. */
export async function waitFor(
  promUrl: string,
  query: string,
  check: (v: number | null) => boolean,
  timeoutMs = 20_000,
): Promise<number | null> {
  const end = Date.now() + timeoutMs
  let v: number | null = null
  while (Date.now() < end) {
    v = await scalarOf(promUrl, query)
    if (check(v)) return v
    await sleep(250)
  }
  return v
}
