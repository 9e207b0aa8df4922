/**
 * SLO page and triage benchmark: 50 SLOs over a 30-day window against a warm Prometheus holding
 * 30 days of simulated history.
 *
 *   PATH=node_modules/.bin:$PATH tsx --conditions=react-server bench/slo-page.ts [--rounds 10]
 *
 * Prometheus: PROMETHEUS_URL, else its own stack (the simulator's seeded-fleet plan with 30 days of
 * history and dev/sim/scenarios/canary-degradation.json, in .aire/slo-bench, kept between runs).
 * Database: DATABASE_URL (default file:./.aire/slo-bench.db); 50 SLOs named "bench-slo-NN" are
 * upserted and left in place. AIRE_KUBECONFIG (optional) adds the cluster reads triage makes.
 * With BASE_URL (a running console on the same database) it also times GET /slos and
 * /triage/<id> over HTTP, signed in as admin.
 *
 * Prints p50/p95 of: the list's data cold (nothing cached: 9 windows × 3 SLI kinds = 27 batched
 * instant queries in parallel) and as a visitor gets it (5 short windows fresh; the long ones kept by
 * lib/slo/warm.ts from server start), the 30-day burn chart, the whole SLO page's data (list + one
 * chart), and the triage view; the targets are 1 s and 500 ms. Report the machine's load with them.
 */
import { startSloStack } from '@/harness/slo-stack'

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 10)
process.env.DATABASE_URL ??= 'file:./.aire/slo-bench.db'

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(0)} ms  p95 ${pct(xs, 95).toFixed(0)} ms  (n=${xs.length})`

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now()
  const v = await f()
  return [performance.now() - t0, v]
}

const MODELS = [
  ['llama-3-1-8b', 'meta-llama/Llama-3.1-8B-Instruct', 'assistant', 'team-assistant'],
  ['llama-3-1-70b', 'meta-llama/Llama-3.1-70B-Instruct', 'assistant', 'team-assistant'],
  ['mixtral-8x7b', 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'search', 'team-search'],
  ['qwen2-5-7b', 'Qwen/Qwen2.5-7B-Instruct', 'search', 'team-search'],
  ['bge-m3', 'BAAI/bge-m3', 'search', 'team-search'],
  ['qwen2-5-vl-7b', 'Qwen/Qwen2.5-VL-7B-Instruct', 'vision', 'team-vision'],
  ['llama-3-2-11b-vision', 'meta-llama/Llama-3.2-11B-Vision-Instruct', 'vision', 'team-vision'],
] as const
const KINDS = ['quality', 'latency', 'availability'] as const
const TARGETS = ['model', 'version', 'route'] as const

async function main(): Promise<void> {
  let stop = async () => {}
  if (!process.env.PROMETHEUS_URL) {
    console.log(
      'bench: starting its own simulator + Prometheus (30 days of history; first run takes minutes)…',
    )
    const t0 = performance.now()
    const stack = await startSloStack({
      scenario: 'dev/sim/scenarios/canary-degradation.json',
      days: 30,
      name: 'slo-bench',
      reuse: true,
      simPort: 19106,
      promPort: 19096,
    })
    stop = stack.stop
    process.env.PROMETHEUS_URL = stack.promUrl
    console.log(
      `bench: metrics stack ready in ${((performance.now() - t0) / 1000).toFixed(1)} s at ${stack.promUrl}`,
    )
  }
  try {
    await run()
  } finally {
    await stop()
  }
}

async function run(): Promise<void> {
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  const { db } = await import('@/lib/db/client')
  for (const team of ['assistant', 'search', 'vision'])
    await db().team.upsert({ where: { name: team }, create: { name: team, displayName: team }, update: {} })
  for (let i = 0; i < 50; i++) {
    const [model, served, team, ns] = MODELS[i % MODELS.length]!
    const sliKind = KINDS[i % 3]!
    const targetKind = TARGETS[Math.floor(i / 3) % 3]!
    const data = {
      team,
      sliKind,
      targetKind,
      model: targetKind === 'route' ? null : model,
      servedModel: served,
      version: targetKind === 'version' ? (i % 2 ? 'v2' : 'v1') : null,
      namespace: targetKind === 'route' ? ns : null,
      route: targetKind === 'route' ? model : null,
      objective: [0.99, 0.995, 0.999][i % 3]!,
      windowDays: i % 5 === 0 ? 28 : 30,
      latencyThreshold: sliKind === 'latency' ? 1 : null,
    }
    const name = `bench-slo-${String(i).padStart(2, '0')}`
    await db().slo.upsert({ where: { name }, create: { name, ...data, createdBy: 'bench' }, update: data })
  }
  const { listSlos } = await import('@/lib/slo/store')
  const { evaluateSlos } = await import('@/lib/slo/evaluate')
  const { burnChart } = await import('@/lib/slo/history')
  const { sloDetail, sloRows } = await import('@/lib/slo/views')
  const { triageDetail } = await import('@/lib/slo/triage')
  const slos = (await listSlos()).filter((s) => s.name.startsWith('bench-slo-'))
  const now = () => new Date()
  const day30 = () => ({ start: new Date(Date.now() - 30 * 86_400e3), end: now() })

  const { cachedEvaluation, refreshLongWindows } = await import('@/lib/slo/evaluate')
  // Each round forgets the 15-s cache of the short windows, as a page load 15 s later would; the
  // long windows (1d, 3d, SLO window) are kept per SLO and refreshed by the warmer (lib/slo/warm.ts).
  const expireShort = () => ((globalThis as { aireSloShort?: unknown }).aireSloShort = undefined)
  const cold: number[] = []
  for (let r = 0; r < Math.min(5, rounds); r++) cold.push((await time(() => evaluateSlos(slos)))[0])
  // What the warmer does at server start.
  await refreshLongWindows(await listSlos())
  const list: number[] = []
  const chart: number[] = []
  const page: number[] = []
  const triage: number[] = []
  const target = slos.find((s) => s.target.model === 'llama-3-1-8b' && s.sliKind === 'quality') ?? slos[0]!
  const admin = {
    id: 'bench',
    username: 'bench-admin',
    name: null,
    role: 'admin' as const,
    globalRole: 'admin' as const,
    operatorTeams: [],
    memberTeams: [],
    sessionId: 'bench',
  }
  let points = 0
  let step = 0
  for (let r = 0; r < rounds; r++) {
    expireShort()
    list.push((await time(() => cachedEvaluation(slos)))[0])
    const [tc, c] = await time(() => burnChart(target, day30()))
    chart.push(tc)
    points = c.points.length
    step = c.step
    // The page: every SLO's status (as the list shows it) and one SLO's 30-day chart and annotations.
    expireShort()
    page.push((await time(() => Promise.all([sloRows(), sloDetail(target.id, '30d', now())])))[0])
    expireShort()
    triage.push((await time(() => triageDetail(admin, target.id)))[0])
  }
  const statuses = await evaluateSlos(slos)
  const states = [...statuses.values()].reduce<Record<string, number>>(
    (a, s) => ((a[s.state] = (a[s.state] ?? 0) + 1), a),
    {},
  )
  const { loadavg, cpus } = await import('node:os')
  console.log(`slo bench: load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`)
  console.log(
    `slo bench: ${slos.length} SLOs, Prometheus ${process.env.PROMETHEUS_URL}; states ${JSON.stringify(states)}`,
  )
  console.log(`  list, nothing cached (27 batched instant queries): ${fmt(cold)}`)
  console.log(`  list as a visitor gets it (short windows fresh, long ones warmed): ${fmt(list)}`)
  console.log(`  30-day burn chart (${points} points, step ${step} s, 4 queries): ${fmt(chart)}`)
  console.log(`  SLOs page data (list + chart + annotations): ${fmt(page)}  target ≤ 1000 ms`)
  console.log(`  triage view: ${fmt(triage)}  target ≤ 500 ms`)

  const base = process.env.BASE_URL
  if (base) {
    const login = await fetch(`${base}/api/auth/csrf`)
    const { csrfToken } = (await login.json()) as { csrfToken: string }
    const jar = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const res = await fetch(`${base}/api/auth/callback/local`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      body: new URLSearchParams({ csrfToken, username: 'admin', password: 'admin-demo-pw', json: 'true' }),
    })
    const cookie = [jar, ...res.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ')
    const http: Record<string, number[]> = {
      '/slos': [],
      [`/slos/${target.id}`]: [],
      [`/triage/${target.id}`]: [],
    }
    for (let r = 0; r < rounds; r++) {
      if (r > 0) await new Promise((ok) => setTimeout(ok, 15_500))
      for (const path of Object.keys(http)) {
        const [t, resp] = await time(() => fetch(`${base}${path}`, { headers: { cookie } }))
        await resp.text()
        if (resp.status !== 200) throw new Error(`GET ${path}: HTTP ${resp.status}`)
        http[path]!.push(t)
      }
    }
    for (const [path, xs] of Object.entries(http)) console.log(`  GET ${path} over HTTP: ${fmt(xs)}`)
  }
  const { stopWatchCache } = await import('@/lib/k8s/watch/cache')
  stopWatchCache()
  await db().$disconnect()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
