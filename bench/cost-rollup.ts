/**
 * Roll-up benchmark: one hour of the bench fleet (50 teams × 30 models × 3 token types through
 * the gateway, one GPU-holding pod per team × model) from a real Prometheus into the ledger,
 * including the rebuild of that day's pre-aggregates over 23 hours already in the ledger.
 *
 *   PATH=node_modules/.bin:$PATH DATABASE_URL=file:./.aire/bench-rollup.db \
 *     tsx --conditions=react-server bench/cost-rollup.ts [--teams 50] [--models 30] [--runs 3] [--port 19093] [--reuse] [--ab]
 *
 * Starts its own Prometheus (Debian's /usr/bin/prometheus) on --port with a throw-away data dir
 * (.aire/bench-rollup), backfilled with promtool at 15 s resolution, and stops it at the end.
 * --reuse keeps the previous run's backfill (same --teams and --models) instead of regenerating it.
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  closeSync,
  existsSync,
  readFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { databaseKind, sqliteFile } from '@/lib/db/url'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const TEAMS = arg('teams', 50)
const MODELS = arg('models', 30)
const RUNS = arg('runs', 3)
const PORT = arg('port', 19093)
const url = process.env.DATABASE_URL ?? 'file:./.aire/bench-rollup.db'
process.env.DATABASE_URL = url
process.env.PROMETHEUS_URL = `http://127.0.0.1:${PORT}`
process.env.AIRE_KUBECONFIG = '' // teams come from the gateway's attribution
const HOUR = 3600e3
const dir = resolve('.aire/bench-rollup')
const pad = (n: number) => String(n).padStart(2, '0')

/** Counters at 15 s over [H − 65 min, H + 65 min]: gateway token sums, GPU utilisation, pod → model. */
function writeOpenMetrics(file: string, H: number): number {
  const fd = openSync(file, 'w')
  const series: { key: string; rate: number; counter: boolean }[] = []
  for (let t = 0; t < TEAMS; t++) {
    for (let m = 0; m < MODELS; m++) {
      const team = `team-${pad(t)}`
      const model = `bench/model-${pad(m)}`
      const route = `${team}/model-${pad(m)}`
      for (const [type, f] of [
        ['input', 3],
        ['output', 1],
        ['cached_input', 0.8],
      ] as const) {
        series.push({
          key: `gen_ai_client_token_usage_sum{cluster="bench",namespace="gateway-system",pod="envoy-bench",gen_ai_operation_name="chat",gen_ai_request_model="${model}",gen_ai_tenant="${team}",route="${route}",gen_ai_token_type="${type}"}`,
          rate: (5 + ((t * 7 + m * 13) % 20)) * f,
          counter: true,
        })
      }
      const pod = `model-${pad(m)}-v1-bench-${pad(t)}`
      series.push({
        key: `DCGM_FI_DEV_GPU_UTIL{cluster="bench",gpu="${m % 8}",UUID="GPU-bench-${pad(t)}-${pad(m)}",modelName="NVIDIA H100 80GB HBM3",Hostname="bench-node-${pad(t)}-${Math.floor(m / 8)}",namespace="${team}",pod="${pod}"}`,
        rate: 40 + ((t + m) % 50),
        counter: false,
      })
      series.push({
        key: `vllm:num_requests_running{cluster="bench",namespace="${team}",pod="${pod}",model_name="${model}"}`,
        rate: 3,
        counter: false,
      })
    }
  }
  const values = new Float64Array(series.length)
  let n = 0
  for (let ts = H - 65 * 60e3; ts <= H + 65 * 60e3; ts += 15e3) {
    let buf = ''
    series.forEach((s, i) => {
      values[i] = s.counter ? values[i]! + s.rate * 15 : s.rate
      buf += `${s.key} ${values[i]} ${ts / 1000}\n`
    })
    writeSync(fd, buf)
    n += series.length
  }
  writeSync(fd, '# EOF\n')
  closeSync(fd)
  return n
}

async function startPrometheus(dataDir: string): Promise<() => void> {
  const config = join(dir, 'prometheus.yml')
  writeFileSync(config, 'global:\n  scrape_interval: 15s\nscrape_configs: []\n')
  const p = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${PORT}`,
      '--storage.tsdb.retention.time=30d',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  )
  for (let i = 0; i < 240; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/-/ready`)
      if (r.ok) return () => p.kill('SIGTERM')
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  p.kill('SIGTERM')
  throw new Error('bench Prometheus did not become ready')
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function main(): Promise<void> {
  const kind = databaseKind(url)
  console.log(
    `roll-up benchmark on ${kind}: ${TEAMS} teams × ${MODELS} models (${TEAMS * MODELS * 3} token series)`,
  )
  const data = join(dir, 'data')
  const shape = join(dir, 'shape.json')
  const kept = process.argv.includes('--reuse') && existsSync(shape) ? readFileSync(shape, 'utf8') : null
  let H: number
  if (kept && JSON.parse(kept).teams === TEAMS && JSON.parse(kept).models === MODELS) {
    H = (JSON.parse(kept) as { hour: number }).hour
    console.log(`  reusing the backfill of ${new Date(H).toISOString()}`)
  } else {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(join(dir, 'blocks'), { recursive: true })
    H = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR
    const t0 = performance.now()
    const samples = writeOpenMetrics(join(dir, 'bench.om'), H)
    const r = spawnSync('promtool', [
      'tsdb',
      'create-blocks-from',
      'openmetrics',
      '-q',
      join(dir, 'bench.om'),
      join(dir, 'blocks'),
    ])
    if (r.status !== 0) throw new Error(`promtool: ${r.stderr.toString()}`)
    mkdirSync(data)
    for (const b of readdirSync(join(dir, 'blocks'))) renameSync(join(dir, 'blocks', b), join(data, b))
    rmSync(join(dir, 'bench.om'))
    writeFileSync(shape, JSON.stringify({ teams: TEAMS, models: MODELS, hour: H }))
    console.log(
      `  ${(samples / 1e6).toFixed(1)}M samples backfilled in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
  }
  const stop = await startPrometheus(data)
  try {
    if (kind === 'sqlite')
      for (const s of ['', '-wal', '-shm']) rmSync(`${sqliteFile(url)}${s}`, { force: true })
    const { migrate } = await import('@/lib/db/migrate')
    await migrate(url)
    const { db } = await import('@/lib/db/client')
    const { rollUp } = await import('@/lib/cost/rollup')
    for (const t of [
      'TokenUsageHour',
      'GpuUsageHour',
      'CostDay',
      'GpuCostDay',
      'CostDayTeam',
      'CostDayModel',
      'RollupHour',
      'CostJob',
    ]) {
      await db().$executeRawUnsafe(`DELETE FROM "${t}"`)
    }
    for (let m = 0; m < MODELS; m++) {
      await db().modelPrice.upsert({
        where: {
          model_effectiveFrom: {
            model: `bench/model-${pad(m)}`,
            effectiveFrom: new Date('2026-01-01T00:00:00Z'),
          },
        },
        create: {
          model: `bench/model-${pad(m)}`,
          effectiveFrom: new Date('2026-01-01T00:00:00Z'),
          inputMicrosPerM: 200_000n,
          outputMicrosPerM: 600_000n,
          cachedMicrosPerM: 50_000n,
          createdBy: 'bench',
        },
        update: {},
      })
    }
    // The day already holds up to 23 other hours: the day's rebuild works at full size.
    const dayStart = Math.floor(H / 86_400e3) * 86_400e3
    const other = Array.from({ length: 24 }, (_, i) => dayStart + i * HOUR).filter((h) => h !== H)
    const sample = { cluster: 'bench', tokens: 1000 }
    for (const h of other) {
      const rows = []
      for (let t = 0; t < TEAMS; t++) {
        for (let m = 0; m < MODELS; m++) {
          for (const tokenType of ['input', 'output', 'cached_input']) {
            rows.push({
              ...sample,
              hour: new Date(h),
              team: `team-${pad(t)}`,
              model: `bench/model-${pad(m)}`,
              route: `team-${pad(t)}/model-${pad(m)}`,
              tokenType,
            })
          }
        }
      }
      await db().tokenUsageHour.createMany({ data: rows })
      await db().rollupHour.create({
        data: {
          hour: new Date(h),
          status: 'final',
          rolledAt: new Date(),
          tokenRows: rows.length,
          gpuRows: 0,
        },
      })
    }
    // --ab alternates the fast path with the exact expression run by run (AIRE_COST_ROLLUP_EXACT),
    // so both see the same load on a shared machine.
    const modes = process.argv.includes('--ab') ? ['fast path', 'exact only'] : ['as configured']
    const exactEnv = process.env.AIRE_COST_ROLLUP_EXACT
    const ms = new Map(modes.map((m) => [m, [] as number[]]))
    const lastOf = new Map<string, Awaited<ReturnType<typeof rollUp>>>()
    // One warm-up run per mode (connections, Prometheus caches, the token-metric probe) not counted.
    for (let i = -modes.length; i < RUNS * modes.length; i++) {
      const mode = modes[(i + modes.length) % modes.length]!
      if (modes.length > 1) process.env.AIRE_COST_ROLLUP_EXACT = mode === 'exact only' ? '1' : '0'
      await db().rollupHour.deleteMany({ where: { hour: new Date(H) } })
      const t = performance.now()
      const last = await rollUp({ since: new Date(H), now: new Date(H + HOUR + 5 * 60e3), partial: false })
      if (i >= 0) ms.get(mode)!.push(performance.now() - t)
      lastOf.set(mode, last)
      if (last.status !== 'ok' || last.hours !== 1) throw new Error(`roll-up: ${JSON.stringify(last)}`)
    }
    process.env.AIRE_COST_ROLLUP_EXACT = exactEnv
    for (const mode of modes) {
      const xs = ms.get(mode)!
      const last = lastOf.get(mode)
      console.log(
        `  roll-up of one hour (${mode}): ${last?.tokenRows} token rows, ${last?.gpuRows} GPU rows; ` +
          `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms ` +
          `(${RUNS} runs, load ${loadavg()[0]!.toFixed(1)}); last run: ` +
          `Prometheus ${last?.timings.prometheusMs} ms, ledger write ${last?.timings.writeMs} ms, ` +
          `day rebuild ${last?.timings.recomputeMs} ms`,
      )
    }
    await db().$disconnect()
  } finally {
    stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
