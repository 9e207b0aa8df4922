/**
 * Load and fault bench: two console replicas behind the round-robin proxy, on the isolated fault
 * stack (dev/fault/stack.sh: its own control plane, Prometheus and PostgreSQL — the shared dev
 * services are never touched). N signed-in users poll what the console's pages poll (the fleet
 * version every second, page data every few seconds, a whole page now and then) while 5
 * operators change route weights through the weights server action. Then, under the same load,
 * the faults: one API server stopped and restarted, Prometheus stopped and restarted, PostgreSQL
 * restarted, one replica killed. Prints p50/p95/p99 per request class, 5xx, throughput, RSS per
 * replica and the fault timings.
 *
 *   PATH=node_modules/.bin:$PATH AIRE_NEXT_DIST_DIR=.aire/next-x next build   # once
 *   PATH=node_modules/.bin:$PATH AIRE_NEXT_DIST_DIR=.aire/next-x tsx bench/load-fault.ts \
 *     [--users 200] [--operators 5] [--seconds 60] [--no-faults] [--poll | --no-live] [--client-processes 4] [--client-nice 0] [--page-every 30]
 *     [--samples FILE]   (every sample as JSON, for plotting)
 *     [--warm S]         (20 other users load the replicas for S seconds before the measured run)
 *     [--profile-dir DIR] (CPU profiles of the replicas; then tsx bench/long-tasks.ts DIR)
 *     [--node-options '--max-semi-space-size=32']   (flags for the replicas' Node)
 *     [--no-warmup]      (replicas report ready without warming their routes: AIRE_WARMUP_SECONDS=0)
 * The replicas are freshly started for every run and serve only once /readyz says ready, which
 * (lib/process/warmup.ts) is after they warmed their routes; the ramp-up page-data p95 is the
 * number for what the first users of such replicas see (target ≤ 500 ms).
 * Users learn of changes through the console's event stream (/api/fleet/events); --poll makes
 * them poll /api/fleet/version every second instead, as the console did before.
 */
import { actionIdFromPage, callAction } from '@/harness/server-actions'
import { DEMO_USERS, get, signIn, type Session } from '@/harness/console-client'
import { cloneSessions } from '@/harness/sessions'
import { apiserver, pgCtl, PORTS, sleep, sql, stack, stackUp, startConsole } from '@/harness/fault-stack'
import { cpuLines, cpuSnapshot } from '@/bench/support/cpu'
import { fork } from 'node:child_process'
import { setPriority } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { kubeGet } from '@/bench/support/kube-get'

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const USERS = arg('users', 200)
const OPERATORS = arg('operators', 5)
const SECONDS = arg('seconds', 60)
const FAULTS = !process.argv.includes('--no-faults')
/** each user loads a whole page every this many seconds */
const PAGE_EVERY = arg('page-every', 30)
const RAMP_MS = 10_000
const WARM_SECONDS = arg('warm', 0)
const WARMUP = !process.argv.includes('--no-warmup')
const RAMP_TARGET_MS = 500

type Kind = 'poll' | 'stream' | 'data' | 'page' | 'action'
interface Sample {
  kind: Kind
  /** data requests: which endpoint, for the per-endpoint split */
  path?: string
  at: number
  ms: number
  /** the server's own time by part (Server-Timing), where it reports one */
  server?: Record<string, number>
  status: number
  replicaDown?: boolean
}
const samples: Sample[] = []
let stopping = false

const DATA = ['/api/fleet/gpus', '/api/fleet/models', '/api/status', '/api/fleet/status']
const PAGES = ['/', '/gpus', '/models', '/routes', '/costs', '/slos', '/audit']

/**
 * How open pages learn of changes: the event stream (as the console does), --poll every second,
 * or --no-live (not at all: isolates what the live path costs the other requests).
 */
const LIVE: 'stream' | 'poll' | 'none' = process.argv.includes('--poll')
  ? 'poll'
  : process.argv.includes('--no-live')
    ? 'none'
    : 'stream'
let streamEvents = 0

/**
 * One user's event stream, reopened when it ends (the server ends streams every few minutes, a
 * replica dies): samples are the time to the first event of each connection.
 */
async function streamLoop(base: string, s: Session): Promise<void> {
  while (!stopping) {
    const t0 = Date.now()
    const start = performance.now()
    let status = 0
    try {
      const res = await fetch(`${base}/api/fleet/events`, {
        headers: { cookie: s.cookie },
        signal: AbortSignal.timeout(SECONDS * 1000 + 600_000),
      })
      status = res.status
      if (!res.body || res.status !== 200) throw new Error(`HTTP ${res.status}`)
      const reader = res.body.getReader()
      let first = true
      while (!stopping) {
        const { value, done } = await reader.read()
        if (done) break
        const n = new TextDecoder().decode(value).split('\n\n').length - 1
        streamEvents += n
        if (first && n > 0) {
          first = false
          samples.push({ kind: 'stream', at: t0, ms: performance.now() - start, status })
        }
      }
      await reader.cancel().catch(() => {})
    } catch {
      samples.push({ kind: 'stream', at: t0, ms: performance.now() - start, status })
    }
    if (!stopping) await sleep(1000)
  }
}

/** a mod n, never negative */
const mod = (a: number, n: number) => ((a % n) + n) % n

async function user(base: string, s: Session, i: number): Promise<void> {
  // Independent users' phases, spread over the second and over the 5-s data cycle. The schedule
  // below counts in the user's own seconds since the bench began (`sec`), so a user's data
  // requests land on seconds ≡ i (mod 5) and its page loads on seconds ≡ i (mod PAGE_EVERY): 40
  // data requests in every second for 200 users. (An earlier version offset the start by i mod 5
  // seconds and then fired on ticks where tick + i ≡ 0 (mod 5): the two cancelled, and every data
  // request of every user fell into the same second of five — bursts of ~125 requests a second,
  // then near silence.)
  const phase = i % 5
  await sleep(((i * 761) % 1000) + 1000 * phase)
  if (LIVE === 'stream') void streamLoop(base, s)
  for (let tick = 0; !stopping; tick++) {
    const t0 = Date.now()
    const sec = phase + tick
    if (LIVE === 'poll') {
      const v = await get(base, '/api/fleet/version', s)
      samples.push({ kind: 'poll', at: t0, ms: v.ms, status: v.status })
    }
    if (mod(sec - i, 5) === 0) {
      const path = DATA[mod((sec - i) / 5 + i, DATA.length)]!
      const r = await get(base, path, s)
      samples.push({ kind: 'data', at: Date.now(), ms: r.ms, server: r.server, status: r.status, path })
    }
    if (mod(sec - i, PAGE_EVERY) === 0) {
      const r = await get(base, PAGES[mod((sec - i) / PAGE_EVERY + i, PAGES.length)]!, s)
      samples.push({ kind: 'page', at: Date.now(), ms: r.ms, status: r.status })
    }
    await sleep(Math.max(0, 1000 - (Date.now() - t0)))
  }
}

/**
 * The users run in CLIENT_PROCESSES forked processes, not in this one: one event loop for 200
 * users, their 200 event streams and the proxy measured its own queueing (p50 ~140 ms against
 * ~20 ms seen by a separate client at the same moment). Each sends its samples up once a second.
 */
const CLIENT_PROCESSES = arg('client-processes', 4)
const CLIENT_NICE = arg('client-nice', 0)
interface WorkerStart {
  base: string
  users: { session: Session; index: number }[]
  operators: { session: Session; index: number }[]
  actionId: string
}
type WorkerReport = { samples: Sample[]; streamEvents: number; actionErrors: [string, number][] }

function runAsClientProcess(): void {
  process.on('message', (m: WorkerStart | 'stop') => {
    if (m === 'stop') {
      stopping = true
      flush()
      setTimeout(() => process.exit(0), 200)
      return
    }
    for (const u of m.users) void user(m.base, u.session, u.index)
    for (const o of m.operators) void operator(m.base, o.session, m.actionId, o.index)
  })
  let sentEvents = 0
  const flush = () => {
    const batch = samples.splice(0)
    const errors = [...actionErrors]
    actionErrors.clear()
    process.send?.({
      samples: batch,
      streamEvents: streamEvents - sentEvents,
      actionErrors: errors,
    } satisfies WorkerReport)
    sentEvents = streamEvents
  }
  setInterval(flush, 1000)
  // booted (Node, tsx, this module): the users may start
  process.send?.('ready')
}

/**
 * Users and operators run in forked processes; this one keeps the proxy (and the fault steps),
 * so neither the clients' work nor the operators' cluster reads delay what the proxy forwards.
 * Resolves once every client process has booted and its users have been started: booting four
 * Node processes with tsx takes seconds of CPU on the cores the replicas share, which an earlier
 * version spent inside the measured ramp-up (the clients used 0.5 cores there, the replicas 0.4 each).
 */
async function startClientProcesses(
  base: string,
  sessions: Session[],
  ops: Session[],
  actionId: string,
): Promise<{ stop: () => Promise<void> }> {
  const kids = Array.from({ length: Math.min(CLIENT_PROCESSES, sessions.length) }, () =>
    fork(process.argv[1]!, ['--client-process', ...process.argv.slice(2)], {
      stdio: 'inherit',
    }),
  )
  await Promise.all(
    kids.map(
      (kid) =>
        new Promise<void>((resolve, reject) => {
          kid.once('message', () => resolve())
          kid.once('exit', (code) =>
            reject(new Error(`a bench client process exited (${code}) while starting`)),
          )
        }),
    ),
  )
  kids.forEach((kid, k) => {
    // --client-nice N lowers the clients' priority against the servers they share the cores
    // with. Off by default: deprioritised clients read their answers late and measure that too.
    if (CLIENT_NICE && kid.pid) setPriority(kid.pid, CLIENT_NICE)
    kid.on('message', (r: WorkerReport | 'ready') => {
      if (r === 'ready') return
      samples.push(...r.samples)
      streamEvents += r.streamEvents
      for (const [why, n] of r.actionErrors) actionErrors.set(why, (actionErrors.get(why) ?? 0) + n)
    })
    const users = sessions.flatMap((session, index) =>
      index % kids.length === k ? [{ session, index }] : [],
    )
    const operators = k === kids.length - 1 ? ops.map((session, index) => ({ session, index })) : []
    kid.send({ base, users, operators, actionId } satisfies WorkerStart)
  })
  return {
    stop: async () => {
      await Promise.all(
        kids.map(
          (kid) =>
            new Promise<void>((resolve) => {
              kid.once('exit', () => resolve())
              kid.send('stop')
              setTimeout(() => {
                kid.kill('SIGKILL')
                resolve()
              }, 5000)
            }),
        ),
      )
    },
  }
}

interface Route {
  metadata: { resourceVersion: string }
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
const ROUTES = [
  ['gpu-east', 'team-assistant', 'llama-3-1-8b'],
  ['gpu-east', 'team-assistant', 'llama-3-1-70b'],
  ['gpu-east', 'team-search', 'qwen2-5-7b'],
  ['gpu-west', 'team-assistant', 'llama-3-1-8b'],
  ['gpu-west', 'team-search', 'qwen2-5-7b'],
] as const
const actionErrors = new Map<string, number>()

async function operator(base: string, s: Session, id: string, i: number): Promise<void> {
  const [cluster, namespace, name] = ROUTES[i % ROUTES.length]!
  for (let n = 0; !stopping; n++) {
    const t0 = Date.now()
    try {
      const r = await kubeGet<Route>(
        cluster,
        `/apis/gateway.networking.k8s.io/v1/namespaces/${namespace}/httproutes/${name}`,
      )
      const first = 50 + ((n * 7 + i) % 45)
      const backends = r.spec.rules[0]!.backendRefs.map((b, k) => ({
        name: b.name,
        from: b.weight ?? 1,
        weight: k === 0 ? first : k === 1 ? 100 - first : 0,
      }))
      const input = { cluster, namespace, name, ruleIndex: 0, backends }
      const reply = await callAction(base, '/routes', s, id, [input])
      samples.push({ kind: 'action', at: t0, ms: reply.ms, status: reply.status })
      if (!reply.result?.ok) {
        const why = reply.result && !reply.result.ok ? reply.result.message : `HTTP ${reply.status}`
        actionErrors.set(why, (actionErrors.get(why) ?? 0) + 1)
      }
    } catch {
      // the cluster of this route is down (fault phase): try again shortly
    }
    await sleep(Math.max(0, 2000 - (Date.now() - t0)))
  }
}

/** A replica's event-loop delay since its last scrape (prom-client's histogram, reset per scrape). */
async function replicaLoopDelay(port: number): Promise<string> {
  const r = await get(`http://127.0.0.1:${port}`, '/metrics', null)
  const v = (q: string) => {
    const m = new RegExp(`^aire_console_nodejs_eventloop_lag_${q}_seconds(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(
      r.body,
    )
    return m ? `${(Number(m[1]) * 1000).toFixed(0)} ms` : '?'
  }
  return `p50 ${v('p50')}, p99 ${v('p99')}, max ${v('max')}`
}

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

function report(label: string, from: number, to: number): void {
  const inWindow = samples.filter((s) => s.at >= from && s.at < to)
  const secs = (to - from) / 1000
  console.log(
    `\n${label}: ${inWindow.length} requests in ${secs.toFixed(0)} s = ${(inWindow.length / secs).toFixed(1)} req/s` +
      (LIVE === 'stream'
        ? ` (live updates by event stream: ${streamEvents} events so far)`
        : LIVE === 'poll'
          ? ' (live updates by polling)'
          : ' (no live updates)'),
  )
  for (const path of DATA) {
    const of = inWindow.filter((s) => s.path === path)
    const ms = of.map((s) => s.ms)
    const parts = [...new Set(of.flatMap((s) => Object.keys(s.server ?? {})))]
    const server = parts.map((part) => {
      const xs = of.flatMap((s) => (s.server?.[part] === undefined ? [] : [s.server[part]]))
      return `${part} p50 ${pct(xs, 50).toFixed(1)} / p95 ${pct(xs, 95).toFixed(1)} ms`
    })
    if (ms.length)
      console.log(
        `    ${path.padEnd(18)} n=${String(ms.length).padStart(6)}  p50 ${pct(ms, 50).toFixed(0).padStart(5)} ms  p95 ${pct(ms, 95).toFixed(0).padStart(5)} ms` +
          (server.length ? `   server (Server-Timing): ${server.join(', ')}` : ''),
      )
  }
  // How evenly the users' schedule spreads the data requests: per second of the window (by the
  // second each one finished), quiet seconds included.
  const perSecond = new Map<number, number>()
  for (const x of inWindow)
    if (x.kind === 'data')
      perSecond.set(Math.floor(x.at / 1000), (perSecond.get(Math.floor(x.at / 1000)) ?? 0) + 1)
  const counts: number[] = []
  for (let sec = Math.ceil(from / 1000); sec < Math.floor(to / 1000); sec++)
    counts.push(perSecond.get(sec) ?? 0)
  if (counts.length)
    console.log(
      `    data requests per second: min ${Math.min(...counts)}, median ${pct(counts, 50)}, max ${Math.max(...counts)}`,
    )
  for (const kind of ['poll', 'stream', 'data', 'page', 'action'] as Kind[]) {
    const k = inWindow.filter((s) => s.kind === kind)
    if (k.length === 0) continue
    const ms = k.map((s) => s.ms)
    const e5 = k.filter((s) => s.status >= 500 || s.status === 0).length
    const other = k.filter((s) => s.status > 0 && s.status < 500 && s.status !== 200).length
    console.log(
      `  ${kind.padEnd(6)} n=${String(k.length).padStart(6)}  p50 ${pct(ms, 50).toFixed(0).padStart(5)} ms  p95 ${pct(ms, 95).toFixed(0).padStart(5)} ms  p99 ${pct(ms, 99).toFixed(0).padStart(5)} ms  5xx/cut ${e5}  other non-200 ${other}`,
    )
  }
}

async function timeUntil(f: () => Promise<boolean>, limitMs: number): Promise<number | null> {
  const t0 = Date.now()
  while (Date.now() - t0 < limitMs) {
    if (await f()) return Date.now() - t0
    await sleep(200)
  }
  return null
}

async function main(): Promise<void> {
  const t0 = Date.now()
  stackUp()
  const profileAt = process.argv.indexOf('--profile-dir')
  const profileDir = profileAt > 0 ? process.argv[profileAt + 1] : undefined
  const c = await startConsole({
    AIRE_COST_BACKFILL_DAYS: '1',
    ...(WARMUP ? {} : { AIRE_WARMUP_SECONDS: '0' }),
    // V8 CPU profiles of both replicas, written when they exit (bench/long-tasks.ts reads them)
    // --node-options '…': V8/Node flags for the replicas (e.g. GC tuning), as NODE_OPTIONS would
    NODE_OPTIONS: [
      profileDir ? `--cpu-prof --cpu-prof-dir=${profileDir}` : '',
      process.argv.includes('--node-options')
        ? process.argv[process.argv.indexOf('--node-options') + 1]!
        : '',
    ]
      .join(' ')
      .trim(),
  })
  // the replicas are process groups of their own: stop them with the bench
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => void c.stop().finally(() => process.exit(130)))
  console.log(`stack and 2 replicas up in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  for (const r of [c.a, c.b]) {
    const answers = r.readiness.filter((x) => x.status > 0)
    const ready = answers.find((x) => x.status === 200)
    console.log(
      `  ${r.name}: ready ${ready?.ms ?? '?'} ms after its first /readyz answer (${answers.filter((x) => x.status === 503).length} × 503 before): ${ready?.line ?? '?'}`,
    )
  }
  // One real sign-in per account (the login form's path), then more sessions of the same users.
  const accounts = [DEMO_USERS.viewer, DEMO_USERS.operator, DEMO_USERS.admin]
  const tSign = Date.now()
  const real: Session[] = []
  for (const a of accounts) real.push(await signIn(c.proxy.url, a.username, a.password))
  const sessions: Session[] = []
  for (let k = 0; k < accounts.length; k++) {
    const n = Math.floor(USERS / accounts.length) + (k < USERS % accounts.length ? 1 : 0)
    sessions.push(...(await cloneSessions(real[k]!, accounts[k]!.username, n)))
  }
  console.log(
    `${USERS} sessions (3 sign-ins, the rest opened directly) in ${((Date.now() - tSign) / 1000).toFixed(1)} s`,
  )
  const ops = await cloneSessions(real[2]!, DEMO_USERS.admin.username, OPERATORS)
  const actionId = await actionIdFromPage(c.proxy.url, '/routes', ops[0]!, 'setRouteWeights')

  const rss: Record<string, number[]> = { a: [], b: [] }
  const rssTimer = setInterval(() => {
    rss.a!.push(c.a.rssMiB())
    rss.b!.push(c.b.rssMiB())
  }, 2000)
  if (WARM_SECONDS > 0) {
    // --warm S: 20 other users load the replicas for S seconds first (code paths compiled, route
    // modules loaded, caches filled), so the ramp-up shows what 200 users signing on costs a warm
    // replica, apart from what a cold one adds. Their samples are dropped.
    const warmers = await cloneSessions(real[0]!, accounts[0]!.username, 20)
    const warm = await startClientProcesses(c.proxy.url, warmers, [], actionId)
    await sleep(WARM_SECONDS * 1000)
    await warm.stop()
    samples.length = 0
    streamEvents = 0
    console.log(`replicas warmed by 20 users for ${WARM_SECONDS} s`)
  }
  const clients = await startClientProcesses(c.proxy.url, sessions, ops, actionId)
  const loadStart = Date.now()
  const groups = { 'console replica A': c.a.child.pid!, 'console replica B': c.b.child.pid! }
  // Ramp-up: users start over 5 s (their phases), then open a stream and make a first request
  // on each replica, whose session lookups nothing has cached yet. By 10 s every user has made a
  // data request; the steady window starts there, and the ramp is reported on its own.
  const cpuRamp = cpuSnapshot(groups)
  await sleep(RAMP_MS)
  const cpu0 = cpuSnapshot(groups)
  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  // a scrape resets the replicas' own event-loop delay histograms: the next one covers the window
  await Promise.all([replicaLoopDelay(PORTS.a), replicaLoopDelay(PORTS.b)])
  await sleep(SECONDS * 1000 - RAMP_MS)
  const loadEnd = Date.now()
  const replicaLag = await Promise.all([replicaLoopDelay(PORTS.a), replicaLoopDelay(PORTS.b)])
  report(`ramp-up (first ${RAMP_MS / 1000} s: ${USERS} users sign on)`, loadStart, loadStart + RAMP_MS)
  report(`steady load (${USERS} users, ${OPERATORS} operators)`, loadStart + RAMP_MS, loadEnd)
  const rampData = samples
    .filter((x) => x.kind === 'data' && x.at >= loadStart && x.at < loadStart + RAMP_MS)
    .map((x) => x.ms)
  const rampP95 = pct(rampData, 95)
  console.log(
    `\nRAMP-UP page-data p95: ${rampP95.toFixed(0)} ms over ${rampData.length} requests (${USERS} users arriving in 5 s on freshly started replicas, ${WARMUP ? 'warmed before ready' : 'not warmed: --no-warmup'}; target ≤ ${RAMP_TARGET_MS} ms: ${rampP95 <= RAMP_TARGET_MS ? 'met' : 'NOT met'})\n`,
  )
  // The ramp's CPU apart: a ramp much slower than usual shows here whether the replicas did
  // more work or something else on the machine took the cores.
  console.log('  during the ramp-up:')
  for (const line of cpuLines(cpuRamp, cpu0)) console.log(`    ${line}`)
  console.log('  during the steady window:')
  for (const line of cpuLines(cpu0, cpuSnapshot(groups))) console.log(`    ${line}`)
  lag.disable()
  console.log(
    `  event-loop delay of the bench process (proxy): p50 ${(lag.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms, max ${(lag.max / 1e6).toFixed(0)} ms`,
  )
  console.log(`  event-loop delay of the replicas: A ${replicaLag[0]}; B ${replicaLag[1]}`)
  const rssLine = (k: 'a' | 'b') => {
    const xs = rss[k]!.filter((x) => x > 0)
    return `${Math.max(...xs)} MiB max, ${Math.round(xs.reduce((a, b) => a + b, 0) / xs.length)} MiB mean`
  }
  console.log(`  RSS replica A: ${rssLine('a')}; replica B: ${rssLine('b')}`)
  console.log(`  proxy split: ${[...c.proxy.served].map(([p, n]) => `:${p}=${n}`).join(' ')}`)
  const dump = process.argv.indexOf('--samples')
  if (dump > 0) {
    const { writeFileSync } = await import('node:fs')
    writeFileSync(process.argv[dump + 1]!, JSON.stringify({ loadStart, samples, upstream: c.proxy.upstream }))
  }
  for (const [label, from, to] of [
    ['ramp-up', loadStart, loadStart + RAMP_MS],
    ['steady', loadStart + RAMP_MS, loadEnd],
  ] as const) {
    const up = c.proxy.upstream.filter((u) => u.at >= from && u.at < to).map((u) => u.ms)
    console.log(
      `  replicas' response time as the proxy saw it (request in → response headers, all requests), ${label}: p50 ${pct(up, 50).toFixed(0)} ms, p95 ${pct(up, 95).toFixed(0)} ms, p99 ${pct(up, 99).toFixed(0)} ms`,
    )
  }

  if (FAULTS) {
    const admin = ops[0]!
    type St = { cluster: string; connected: boolean; dataAsOf: string | null }
    const west = async (url: string) => {
      const r = await get(url, '/api/fleet/status', admin)
      return r.status === 200
        ? (JSON.parse(r.body) as { clusters: St[] }).clusters.find((x) => x.cluster === 'gpu-west')
        : undefined
    }
    const both = async (f: (s: St | undefined) => boolean) => f(await west(c.a.url)) && f(await west(c.b.url))
    console.log('\nfaults (under the same load):')
    let f0 = Date.now()
    await apiserver('stop', 'gpu-west')
    const stopMs = Date.now() - f0
    const stale = await timeUntil(() => both((s) => Boolean(s && !s.connected && s.dataAsOf)), 30_000)
    const east = await get(c.proxy.url, '/api/fleet/gpus?cluster=gpu-east', admin)
    f0 = Date.now()
    await apiserver('start', 'gpu-west')
    const startMs = Date.now() - f0
    const live = await timeUntil(() => both((s) => Boolean(s?.connected)), 60_000)
    console.log(
      `  API server gpu-west: stopped in ${stopMs} ms, shown stale with its age ${stale ?? '>30000'} ms after; gpu-east data HTTP ${east.status}; restarted in ${startMs} ms, live again ${live ?? '>60000'} ms after`,
    )

    const unavailable = async () => {
      const [costs, slos] = await Promise.all([
        get(c.proxy.url, '/costs', admin),
        get(c.proxy.url, '/slos', admin),
      ])
      return {
        ok: costs.status === 200 && slos.status === 200,
        both: /Metrics unavailable since/i.test(costs.body) && /Metrics unavailable since/i.test(slos.body),
        none: !/Metrics unavailable since/i.test(costs.body) && !/Metrics unavailable since/i.test(slos.body),
      }
    }
    let non200 = 0
    await stack('prometheus', 'stop')
    const promDown = await timeUntil(async () => {
      const u = await unavailable()
      if (!u.ok) non200++
      return u.both
    }, 120_000)
    await stack('prometheus', 'start')
    const promUp = await timeUntil(async () => {
      const u = await unavailable()
      if (!u.ok) non200++
      return u.none
    }, 180_000)
    console.log(
      `  Prometheus: cost and SLO pages say "metrics unavailable since" ${promDown ?? '>120000'} ms after the stop, recovered ${promUp ?? '>180000'} ms after the restart; non-200 page answers: ${non200}`,
    )

    const before = [...actionErrors.values()].reduce((a, b) => a + b, 0)
    const pgFrom = Date.now()
    const since = new Date()
    await pgCtl('stop')
    await sleep(2000)
    await pgCtl('start')
    const readyAgain = await timeUntil(
      async () => (await get(c.proxy.url, '/api/status', admin)).status === 200,
      60_000,
    )
    await sleep(4000)
    const during = samples.filter((s) => s.at >= pgFrom)
    const [audit] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM "AuditEvent" WHERE action='route.weights' AND result='intent' AND at >= $1`,
      [since],
    )
    console.log(
      `  PostgreSQL restart (2 s down): the same sessions answer again ${readyAgain ?? '>60000'} ms after the start; ${during.filter((s) => s.status >= 500).length} 5xx, ${during.filter((s) => s.kind === 'action').length} actions submitted, ${audit?.n ?? '?'} intent rows; ${[...actionErrors.values()].reduce((a, b) => a + b, 0) - before} actions refused with a sentence`,
    )

    const killAt = Date.now()
    c.a.kill('SIGKILL')
    await sleep(5000)
    const after = samples.filter((s) => s.at >= killAt)
    console.log(
      `  replica A killed: ${after.filter((s) => s.status >= 500 || s.status === 0).length} failed of ${after.length} requests in the next 5 s (cut in flight), all others answered by B`,
    )
  }
  stopping = true
  clearInterval(rssTimer)
  await clients.stop()
  console.log('\naction outcomes that were not "applied":')
  for (const [why, n] of actionErrors) console.log(`  ${n} × ${why}`)
  console.log(
    `\ntotal: ${((Date.now() - t0) / 1000).toFixed(0)} s; load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
  if (profileDir) {
    // a profile is written on a clean exit only: drain (SIGTERM) rather than kill
    for (const r of [c.a, c.b]) r.kill('SIGTERM')
    await Promise.race([Promise.all([c.a.exited, c.b.exited]), sleep(20_000)])
  }
  await c.stop()
  process.exit(0)
}

if (process.argv.includes('--client-process')) runAsClientProcess()
else
  main().catch((e: unknown) => {
    console.error(e)
    process.exit(1)
  })
