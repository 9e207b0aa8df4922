/**
 * The traffic simulator: generates the history (promtool backfill) on first start, then serves
 * live metrics on /metrics, re-reading the HTTPRoute weights and pods every few seconds so that
 * weight changes made in the console move traffic between versions.
 *
 *   tsx dev/sim/main.ts --state .aire/sim --prom-dir .aire/prometheus --port 19100 --days 30 \
 *       [--scenario dev/sim/scenarios/canary-degradation.json] [--tick 5] [--fresh] [--no-faults]
 *       [--kubeconfig FILE] [--plan] [--poll 5] [--fine-hours 48]
 *       [--answer-seed 42] [--chat-latency-scale 1]
 *
 * Usually started by dev/sim/start.sh. Files in --state: history.json (anchor and parameters),
 * tokens.csv / gpu.csv / current.json (ground truth), sim.pid, ready. The same port serves the
 * OpenAI-compatible chat API per model version (chat-api.ts).
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, resolve } from 'node:path'
import { findKubeconfigs } from '../seed/kube'
import { backfill, installBlocks } from './backfill'
import { createChatApi } from './chat-api'
import { Sim } from './engine'
import { GroundTruth } from './ground-truth'
import { clusterClients, readTopology } from './kube-state'
import { loadScenario, resolveScenario } from './scenario'
import { planTopology, seededFleet, type Topology } from './topology'

interface Args {
  state: string
  promDir: string
  port: number
  days: number
  scenario?: string
  tickS: number
  pollS: number
  fresh: boolean
  faults: boolean
  kubeconfig?: string
  plan: boolean
  fineHours: number
  answerSeed: number
  chatLatencyScale: number
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    state: '.aire/sim',
    promDir: '.aire/prometheus',
    port: 19100,
    days: 30,
    tickS: 5,
    pollS: 5,
    fresh: false,
    faults: true,
    plan: false,
    fineHours: 48,
    answerSeed: 42,
    chatLatencyScale: 1,
  }
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined]
    const val = () => inline ?? argv[++i] ?? ''
    if (flag === '--state') a.state = val()
    else if (flag === '--prom-dir') a.promDir = val()
    else if (flag === '--port') a.port = Number(val())
    else if (flag === '--days') a.days = Number(val())
    else if (flag === '--scenario') a.scenario = val() || undefined
    else if (flag === '--tick') a.tickS = Number(val())
    else if (flag === '--poll') a.pollS = Number(val())
    else if (flag === '--fresh') a.fresh = true
    else if (flag === '--no-faults') a.faults = false
    else if (flag === '--kubeconfig') a.kubeconfig = val()
    else if (flag === '--plan') a.plan = true
    else if (flag === '--fine-hours') a.fineHours = Number(val())
    else if (flag === '--answer-seed') a.answerSeed = Number(val())
    else if (flag === '--chat-latency-scale') a.chatLatencyScale = Number(val())
    else throw new Error(`unknown argument ${argv[i]}`)
  }
  return a
}

const log = (msg: string) => console.log(`[sim ${new Date().toISOString().slice(11, 19)}] ${msg}`)

interface History {
  anchorMs: number
  startMs: number
  days: number
  scenario: string
  scenarioHash: string
  faults: boolean
  createdAt: string
  backfillSeconds: number
  samples: number
}

function stopPrometheus(promDir: string): void {
  const pidFile = join(promDir, 'prometheus.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8'))
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return
  }
  const until = Date.now() + 30_000
  while (Date.now() < until) {
    try {
      process.kill(pid, 0)
    } catch {
      log(`stopped Prometheus (pid ${pid}) to install new history`)
      return
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
  }
  throw new Error(`Prometheus (pid ${pid}) did not stop`)
}

/** Scratch directories of simulators that died mid-backfill (tmpfs: they hold memory). */
function sweepScratch(): void {
  if (!existsSync('/dev/shm')) return
  for (const d of readdirSync('/dev/shm')) {
    const pid = Number(/^aire-sim-(\d+)$/.exec(d)?.[1])
    if (!pid || pid === process.pid) continue
    try {
      process.kill(pid, 0)
    } catch {
      rmSync(join('/dev/shm', d), { recursive: true, force: true })
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  sweepScratch()
  const scratch = existsSync('/dev/shm') ? `/dev/shm/aire-sim-${process.pid}` : undefined
  // Until the server runs, a signal only has to clean up the backfill's scratch files.
  let onStop = () => {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
    process.exit(1)
  }
  process.on('SIGTERM', () => onStop())
  process.on('SIGINT', () => onStop())
  const state = resolve(args.state)
  mkdirSync(state, { recursive: true })
  rmSync(join(state, 'ready'), { force: true })
  writeFileSync(join(state, 'sim.pid'), String(process.pid))

  const scenario = loadScenario(args.scenario)
  const scenarioHash = createHash('sha256').update(JSON.stringify(scenario)).digest('hex').slice(0, 12)
  const clients = args.plan ? [] : clusterClients(args.kubeconfig ?? findKubeconfigs().console)
  const read = async (prev?: Topology, pods = true): Promise<Topology> => {
    if (clients.length === 0) return prev ?? planTopology(seededFleet())
    const r = await readTopology(clients, prev, { pods })
    if (r.fallback.length > 0)
      log(`clusters not readable, keeping their last topology: ${r.fallback.join(', ')}`)
    return r.topology
  }
  let topology = await read()
  log(
    `topology: ${topology.routes.length} routes, ${topology.pods.length} pods, ${topology.gpus.length} GPUs`,
  )

  const truth = new GroundTruth(state)
  const historyFile = join(state, 'history.json')
  const dataDir = join(resolve(args.promDir), 'data')
  const saved = existsSync(historyFile) ? (JSON.parse(readFileSync(historyFile, 'utf8')) as History) : null
  const hasBlocks = existsSync(dataDir) && readdirSync(dataDir).some((f) => /^[0-9A-Z]{26}$/.test(f))
  const reuse =
    !args.fresh &&
    saved !== null &&
    hasBlocks &&
    saved.days === args.days &&
    saved.scenarioHash === scenarioHash &&
    saved.faults === args.faults

  let anchorMs: number
  let lastTick: number
  const tickMs = args.tickS * 1000
  if (reuse && saved) {
    anchorMs = saved.anchorMs
    truth.resume(Date.now())
    lastTick = Math.floor(Date.now() / tickMs) * tickMs
    log(`history from ${new Date(saved.startMs).toISOString()} kept; counters restart from zero`)
  } else {
    stopPrometheus(resolve(args.promDir))
    rmSync(dataDir, { recursive: true, force: true })
    anchorMs = Math.floor(Date.now() / 60e3) * 60e3
    lastTick = anchorMs
  }
  const events = resolveScenario(scenario, anchorMs)
  const sim = new Sim(events, truth)
  sim.setTopology(topology)

  if (!reuse) {
    truth.init()
    const t0 = Date.now()
    const startMs = anchorMs - args.days * 86_400e3
    log(`backfilling ${args.days} days (${scenario.name}) into ${dataDir}`)
    const res = await backfill({
      sim,
      startMs,
      endMs: anchorMs,
      workDir: join(state, 'backfill'),
      scratchDir: scratch,
      faults: args.faults,
      fineHours: args.fineHours,
      log,
    })
    const blocks = installBlocks(res.blocksDir, dataDir)
    rmSync(join(state, 'backfill'), { recursive: true, force: true })
    truth.save()
    lastTick = res.lastTickMs
    const seconds = (Date.now() - t0) / 1000
    const history: History = {
      anchorMs,
      startMs,
      days: args.days,
      scenario: scenario.name,
      scenarioHash,
      faults: args.faults,
      createdAt: new Date().toISOString(),
      backfillSeconds: Math.round(seconds * 10) / 10,
      samples: res.samples,
    }
    writeFileSync(historyFile, JSON.stringify(history, null, 2))
    log(`backfill: ${(res.samples / 1e6).toFixed(1)}M samples, ${blocks} blocks in ${seconds.toFixed(1)} s`)
  }

  const advance = () => {
    const now = Date.now()
    let stepped = false
    while (lastTick + tickMs <= now) {
      const next = Math.floor((lastTick + tickMs) / tickMs) * tickMs
      sim.step(lastTick, next)
      lastTick = next
      stepped = true
    }
    if (stepped) truth.save()
  }

  const serveChat = createChatApi({
    topology: () => sim.topology,
    events: () => events,
    seed: args.answerSeed,
    latencyScale: args.chatLatencyScale,
  })
  const server = createServer((req, res) => {
    if (serveChat(req, res)) return
    if (req.url === '/metrics') {
      advance()
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
      res.end(sim.reg.renderText())
      return
    }
    if (req.url === '/state') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          anchorMs,
          scenario: scenario.name,
          source: clients.length === 0 ? 'plan' : 'live',
          lastTick,
          routes: sim.topology.routes,
          pods: sim.topology.pods.length,
          gpus: sim.topology.gpus.length,
        }),
      )
      return
    }
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'text/plain' })
    res.end(req.url === '/healthz' ? 'ok\n' : 'not found\n')
  })
  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(args.port, '127.0.0.1', () => ok())
  })
  // The simulation advances when it is scraped (and before a topology change), never on a timer:
  // so the ground truth holds exactly the ticks some scrape can see, and a stop or restart does
  // not leave the truth with tokens that no counter ever showed. Time-based traffic makes the
  // numbers the same either way; a scrape after a pause catches up every tick.

  const apply = (next: Topology) => {
    if (JSON.stringify(next) === JSON.stringify(topology)) return
    advance()
    const weights = (t: Topology) =>
      t.routes.map((r) => `${r.cluster}/${r.name}[${r.backends.map((b) => b.weight).join('/')}]`)
    const was = new Set(weights(topology))
    topology = next
    sim.setTopology(next)
    const changed = weights(next).filter((w) => !was.has(w))
    log(
      `topology changed (${next.pods.length} pods)${changed.length ? `; weights: ${changed.join(' ')}` : ''}`,
    )
  }
  // Two loops, so a slow pod list never delays a weight change: routes every --poll seconds,
  // pods (and their GPUs) every 30 s.
  const loop = (everyMs: number, pods: boolean) => {
    let busy = false
    setInterval(() => {
      if (busy) return
      busy = true
      read(topology, pods)
        .then((next) => apply(pods ? { ...next, routes: topology.routes } : next))
        .catch((e: unknown) => log(`topology poll failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => (busy = false))
    }, everyMs).unref()
  }
  loop(args.pollS * 1000, false)
  loop(30_000, true)

  onStop = () => {
    // No advance here: ticks after the last scrape were never exposed.
    truth.save()
    server.close()
    process.exit(0)
  }
  writeFileSync(join(state, 'ready'), `http://127.0.0.1:${args.port}/metrics\n`)
  log(
    `serving http://127.0.0.1:${args.port}/metrics (tick ${args.tickS}s, polling routes every ${args.pollS}s)`,
  )
}

main().catch((e: unknown) => {
  console.error(`[sim] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  process.exit(1)
})
