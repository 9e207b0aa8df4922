/**
 * The SLO acceptance test's own metrics stack: the project's traffic simulator (dev/sim/main.ts)
 * with a scenario of its own, following the live HTTPRoute weights of the local clusters, and a
 * Prometheus (Debian's) scraping it every 5 s. Separate ports and directories from the demo and
 * test profiles, so it never disturbs them. With `collectorBasePort`, the evaluation Collector too
 * (the prober's events in, counters out to the same Prometheus). Started and stopped by the test.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { reachable, stopChild, untilReady } from './child-process'
import { spawnCollector } from './otel-stack'

export interface SloStack {
  promUrl: string
  simUrl: string
  /** the evaluation Collector's OTLP/HTTP base URL, when the stack has one */
  otlpUrl: string | null
  /** Stops only the Collector (Prometheus keeps scraping its address), as when it goes down. */
  stopCollector: () => Promise<void>
  stop: () => Promise<void>
}

export async function startSloStack(opts: {
  scenario: string
  /** Follow this kubeconfig's clusters; without it the simulator serves the seeded fleet plan. */
  kubeconfig?: string
  days?: number
  /** Directory under .aire (default slo-acceptance); kept between runs when `reuse` is set. */
  name?: string
  reuse?: boolean
  simPort?: number
  promPort?: number
  /** Also run the evaluation Collector (dev/otelcol) on five ports from here, scraped by the Prometheus. */
  collectorBasePort?: number
}): Promise<SloStack> {
  const dir = resolve('.aire', opts.name ?? 'slo-acceptance')
  const simPort = opts.simPort ?? Number(process.env.AIRE_SLO_SIM_PORT ?? 19105)
  const promPort = opts.promPort ?? Number(process.env.AIRE_SLO_PROM_PORT ?? 19095)
  if (!opts.reuse) rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'prometheus', 'data'), { recursive: true })
  // A ready file from an earlier run must not pass for this one.
  rmSync(join(dir, 'sim', 'ready'), { force: true })
  const stdio = { stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] }
  const children: ChildProcess[] = []
  const capture = (c: ChildProcess, name: string) => {
    const lines: string[] = []
    const keep = (b: Buffer) => {
      lines.push(...b.toString().split('\n').filter(Boolean))
      if (lines.length > 200) lines.splice(0, lines.length - 200)
      writeFileSync(join(dir, `${name}.log`), lines.join('\n'))
    }
    c.stdout?.on('data', keep)
    c.stderr?.on('data', keep)
  }
  const sim = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'dev/sim/main.ts',
      ...['--state', join(dir, 'sim'), '--prom-dir', join(dir, 'prometheus'), '--port', String(simPort)],
      ...[
        '--days',
        String(opts.days ?? 0.05),
        '--scenario',
        opts.scenario,
        ...(opts.reuse ? [] : ['--fresh']),
      ],
      ...(opts.kubeconfig ? ['--kubeconfig', opts.kubeconfig] : ['--plan']),
      ...['--tick', '5', '--poll', '2'],
    ],
    stdio,
  )
  children.push(sim)
  capture(sim, 'sim')
  let collector: ChildProcess | undefined
  const stop = async () => {
    for (const c of children.reverse()) await stopChild(c)
  }
  try {
    await untilReady('simulator', () => existsSync(join(dir, 'sim', 'ready')), 1_800_000, sim)
    const base = opts.collectorBasePort
    if (base !== undefined) {
      mkdirSync(join(dir, 'otelcol'), { recursive: true })
      collector = spawnCollector({ dir: join(dir, 'otelcol'), basePort: base })
      children.push(collector)
      capture(collector, 'otelcol')
      await untilReady('collector', () => reachable(`http://127.0.0.1:${base + 3}/`), 30_000, collector)
    }
    const targets = [`'127.0.0.1:${simPort}'`, ...(base !== undefined ? [`'127.0.0.1:${base + 2}'`] : [])]
    const config = join(dir, 'prometheus', 'prometheus.yml')
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 5s',
        '  evaluation_interval: 5s',
        'scrape_configs:',
        '  - job_name: aire-sim',
        '    honor_labels: true',
        '    static_configs:',
        `      - targets: [${targets.join(', ')}]`,
        '    metric_relabel_configs:',
        '      - action: labeldrop',
        '        regex: job|instance',
        '',
      ].join('\n'),
    )
    const prom = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'prometheus', 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--storage.tsdb.retention.time=3d',
        '--log.level=warn',
      ],
      stdio,
    )
    children.push(prom)
    capture(prom, 'prometheus')
    const promUrl = `http://127.0.0.1:${promPort}`
    await untilReady(
      'prometheus',
      async () => (await fetch(`${promUrl}/-/ready`).catch(() => null))?.ok === true,
      120_000,
      prom,
    )
    return {
      promUrl,
      simUrl: `http://127.0.0.1:${simPort}`,
      otlpUrl: base !== undefined ? `http://127.0.0.1:${base}` : null,
      stopCollector: async () => {
        if (collector) await stopChild(collector)
      },
      stop,
    }
  } catch (e) {
    await stop()
    const tail = (f: string) =>
      existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').slice(-2000) : ''
    throw new Error(
      `${e instanceof Error ? e.message : String(e)}\n${tail('sim.log')}\n${tail('otelcol.log')}\n${tail('prometheus.log')}`,
    )
  }
}

/** PROMETHEUS_URL from the runner, else the test profile's (dev/sim/start.sh --profile test). */
export function sharedPrometheusUrl(): string | null {
  if (process.env.PROMETHEUS_URL) return process.env.PROMETHEUS_URL
  const f = resolve('.aire/prometheus-test/url')
  return existsSync(f) ? readFileSync(f, 'utf8').trim() || null : null
}
