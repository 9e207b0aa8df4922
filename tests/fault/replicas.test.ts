/**
 * Several replicas behave as one, and faults lose nothing. Two `next start` replicas of one build
 * behind the round-robin proxy (dev/fault/proxy.ts), against the suite's own isolated stack
 * (dev/fault/stack.sh): faults are injected there only, never into the shared dev services.
 * The tests run in order and share the replicas; the replica kill is last.
 */
import { decode, encode } from 'next-auth/jwt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionIdFromPage, callAction, type ActionReply } from '@/harness/server-actions'
import { DEMO_USERS, get, signIn, signOut, type Session } from '@/harness/console-client'
import { cloneSessions } from '@/harness/sessions'
import { SHARED_SECRETS, logLines, startReplica } from '@/dev/fault/replicas'
import { kubectlJsonAsync } from '@/harness/kubectl'
import {
  apiserver,
  pgCtl,
  sleep,
  sql,
  stack,
  stackUp,
  startConsole,
  until,
  PORTS,
  type Console,
} from '@/harness/fault-stack'

interface Route {
  metadata: { resourceVersion: string; annotations?: Record<string, string> }
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
interface Target {
  cluster: string
  namespace: string
  name: string
}

const ROUTES: Target[] = [
  { cluster: 'gpu-east', namespace: 'team-assistant', name: 'llama-3-1-8b' },
  { cluster: 'gpu-east', namespace: 'team-assistant', name: 'llama-3-1-70b' },
  { cluster: 'gpu-east', namespace: 'team-search', name: 'qwen2-5-7b' },
  { cluster: 'gpu-west', namespace: 'team-assistant', name: 'llama-3-1-8b' },
  { cluster: 'gpu-west', namespace: 'team-search', name: 'qwen2-5-7b' },
]

let c: Console
let admin: Session
let setWeights: string
let started = 0

function route(t: Target): Promise<Route> {
  return kubectlJsonAsync<Route>(t.cluster, ['-n', t.namespace, 'get', 'httproute', t.name])
}
function weightsOf(r: Route): number[] {
  return r.spec.rules[0]!.backendRefs.map((b) => b.weight ?? 1)
}
/** Input for the weights action: two backends, `first` percent on the first one. */
async function weightsInput(t: Target, first: number) {
  const r = await route(t)
  const refs = r.spec.rules[0]!.backendRefs
  return {
    ...t,
    ruleIndex: 0,
    backends: refs.map((b, i) => ({
      name: b.name,
      from: b.weight ?? 1,
      weight: i === 0 ? first : i === 1 ? 100 - first : 0,
    })),
  }
}
/** A first weight unlike the current one, so every submission is a real change. */
async function nextFirst(t: Target, seed: number): Promise<number> {
  const current = weightsOf(await route(t))[0]
  const w = 50 + (seed % 40)
  return w === current ? w + 1 : w
}

beforeAll(async () => {
  stackUp()
  // One day of back-fill keeps the first roll-up short; every replica runs the roll-up job.
  c = await startConsole({ AIRE_COST_BACKFILL_DAYS: '1' })
  started = Date.now()
  admin = await signIn(c.a.url, DEMO_USERS.admin.username, DEMO_USERS.admin.password)
  setWeights = await actionIdFromPage(c.a.url, '/routes', admin, 'setRouteWeights')
}, 360_000)

afterAll(async () => {
  await c?.stop()
})

describe('two replicas behave as one', () => {
  it('a session signed in on replica A is valid on replica B', async () => {
    const onB = await get(c.b.url, '/api/status', admin)
    expect(onB.status).toBe(200)
    expect(JSON.parse(onB.body)).toHaveProperty('sources')
    // …and the check is real: without the cookie B refuses.
    expect((await get(c.b.url, '/api/status', null)).status).toBe(401)
  })

  it('a sign-out on replica A ends the session on replica B within about a second, though B was reusing it', async () => {
    const s = await signIn(c.a.url, DEMO_USERS.viewer.username, DEMO_USERS.viewer.password)
    for (let i = 0; i < 3; i++) expect((await get(c.b.url, '/api/fleet/status', s)).status).toBe(200)
    await signOut(c.a.url, s)
    const t0 = Date.now()
    const gone = await until('B refuses the signed-out session', 5_000, async () =>
      (await get(c.b.url, '/api/fleet/status', s)).status === 401 ? true : null,
    )
    console.log(`sign-out on A refused on B after ${Date.now() - t0} ms`)
    expect(gone.ms).toBeLessThan(2_000)
    // A knows at once: it signed the session out itself.
    expect((await get(c.a.url, '/api/fleet/status', s)).status).toBe(401)
  })

  it('a session cookie is honoured only when signed with the shared secret and not expired', async () => {
    const [good] = await cloneSessions(admin, DEMO_USERS.admin.username, 1)
    const [name, value] = good!.cookie.split('=') as [string, string]
    const claims = await decode({ token: value, secret: SHARED_SECRETS.NEXTAUTH_SECRET })
    const forged = async (secret: string, maxAge: number) =>
      ({
        cookie: `${name}=${await encode({ token: { sid: claims!.sid }, secret, maxAge })}`,
        username: 'x',
      }) as Session
    for (const r of [c.a, c.b]) {
      expect((await get(r.url, '/api/fleet/status', good!)).status).toBe(200)
      const otherSecret = await forged('another-secret-not-the-console-0123456789', 3600)
      expect((await get(r.url, '/api/fleet/status', otherSecret)).status).toBe(401)
      const expired = await forged(SHARED_SECRETS.NEXTAUTH_SECRET, -120)
      expect((await get(r.url, '/api/fleet/status', expired)).status).toBe(401)
      const garbage = { cookie: `${name}=${value.slice(0, -4)}AAAA`, username: 'x' }
      expect((await get(r.url, '/api/fleet/status', garbage)).status).toBe(401)
    }
  })

  it('a server action rendered by replica A is applied when submitted to replica B', async () => {
    const t = ROUTES[0]!
    const first = await nextFirst(t, 7)
    const reply = await callAction(c.b.url, '/routes', admin, setWeights, [await weightsInput(t, first)])
    expect(reply.status, reply.body.slice(0, 300)).toBe(200)
    expect(reply.result?.ok, reply.body.slice(0, 300)).toBe(true)
    expect(weightsOf(await route(t))).toEqual([first, 100 - first])
  })
})

describe('under load', () => {
  it('a short smoke of the load bench: 20 users polling through the proxy get no 5xx, both replicas serve', async () => {
    const users = await cloneSessions(admin, DEMO_USERS.viewer.username, 20)
    const before = [...c.proxy.served.values()]
    const statuses: number[] = []
    const until10s = Date.now() + 10_000
    await Promise.all(
      users.map(async (s, i) => {
        for (let n = 0; Date.now() < until10s; n++) {
          const path = ['/api/fleet/version', '/api/fleet/gpus', '/api/status', '/api/fleet/models'][
            (i + n) % 4
          ]!
          statuses.push((await get(c.proxy.url, path, s)).status)
          await sleep(500)
        }
      }),
    )
    expect(statuses.length).toBeGreaterThan(100)
    expect(statuses.filter((x) => x !== 200)).toEqual([])
    const after = [...c.proxy.served.values()]
    expect(after.every((n, i) => n > before[i]!)).toBe(true)
  })
})

describe('abuse', () => {
  it('10,000 action calls refused before a session leave a bounded number of audit rows, and the console stays responsive', async () => {
    const since = new Date(Date.now() - 1_000)
    const rowsSince = async () =>
      (
        await sql<{ rows: string; requests: string | null }>(
          `SELECT count(*) AS rows, sum("count") AS requests FROM "AuditEvent" WHERE "at" >= $1 AND "actorRole" = 'none'`,
          [since],
        )
      )[0]!
    // What an attacker can send without a session: a foreign origin, no session, an id this build lacks.
    const kinds = [
      { 'next-action': setWeights, origin: 'https://evil.example' },
      { 'next-action': setWeights, origin: c.proxy.url },
      { 'next-action': 'f'.repeat(42), origin: c.proxy.url },
    ]
    const statuses = new Map<number, number>()
    const pageMs: number[] = []
    let done = false
    const watcher = (async () => {
      while (!done) {
        const t0 = performance.now()
        const r = await get(c.proxy.url, '/api/fleet/status', admin)
        expect(r.status).toBe(200)
        pageMs.push(performance.now() - t0)
        await sleep(250)
      }
    })()
    const t0 = performance.now()
    let next = 0
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        while (next < 10_000) {
          const i = next++
          const res = await fetch(`${c.proxy.url}/routes`, {
            method: 'POST',
            headers: {
              accept: 'text/x-component',
              'content-type': 'text/plain;charset=UTF-8',
              ...kinds[i % 3],
            },
            body: '[{}]',
          })
          await res.arrayBuffer()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        }
      }),
    )
    const burstS = (performance.now() - t0) / 1000
    done = true
    await watcher
    const sorted = [...pageMs].sort((a, b) => a - b)
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0
    console.log(
      `10,000 refused action calls in ${burstS.toFixed(1)} s (${[...statuses].map(([k, v]) => `${k}: ${v}`).join(', ')}); a signed-in read meanwhile p95 ${p95.toFixed(0)} ms over ${pageMs.length}`,
    )
    expect([...statuses.keys()].every((k) => k < 500)).toBe(true)
    expect(statuses.get(429) ?? 0).toBeGreaterThan(9_000)
    expect(p95).toBeLessThan(2_000)
    // Per replica, kind and minute: the first refusal's row at once, one summary with the count at
    // the minute's end. The proxy and the action handler keep a ledger each. So the rows depend on
    // the minutes the burst spans, never on how many requests it had.
    const minutes = Math.floor(Date.now() / 60_000) - Math.floor((Date.now() - burstS * 1000) / 60_000) + 1
    // 2 replicas × 4 kinds × (first + summary), over the minutes spanned and the one the flush lands in.
    const bound = 2 * 4 * 2 * (minutes + 1)
    expect(Number((await rowsSince()).rows)).toBeLessThanOrEqual(bound)
    const summed = await until('the minute summaries are written', 75_000, async () => {
      const r = await rowsSince()
      return Number(r.requests) >= 10_000 ? r : null
    })
    console.log(`audit rows for them: ${summed.value.rows}, standing for ${summed.value.requests} requests`)
    expect(Number(summed.value.rows)).toBeLessThanOrEqual(bound)
    expect(Number(summed.value.requests)).toBe(10_000)
    // The console answers at once afterwards, and a signed-in change still goes through.
    expect((await get(c.proxy.url, '/api/fleet/status', admin)).status).toBe(200)
  }, 180_000)
})

describe('faults', () => {
  it('PostgreSQL restarts: in-flight actions fail with a clear message, no audit record is lost, sessions survive', async () => {
    const since = new Date()
    const replies: ActionReply[] = []
    let stop = false
    const workers = ROUTES.map(async (t, i) => {
      for (let n = 0; !stop; n++) {
        let input
        try {
          input = await weightsInput(t, await nextFirst(t, i * 11 + n))
        } catch {
          continue
        }
        replies.push(await callAction(c.proxy.url, '/routes', admin, setWeights, [input]))
      }
    })
    await sleep(2000)
    await pgCtl('stop')
    await sleep(2000)
    await pgCtl('start')
    await sleep(4000)
    stop = true
    await Promise.all(workers)

    // Every reply is a result with a sentence, never a bare 5xx.
    const failed = replies.filter((r) => !r.result?.ok)
    expect(replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.body.slice(0, 200)}`)).toEqual(
      [],
    )
    expect(failed.length, 'the outage should have hit some actions').toBeGreaterThan(0)
    for (const r of failed) {
      expect(r.result && !r.result.ok ? r.result.message : r.body.slice(0, 300)).toMatch(
        /nothing was changed|was not applied|Try again/i,
      )
    }

    // What reached each cluster is in the audit trail: the route's final weights and one intent
    // row per change Event the console created.
    for (const t of ROUTES) {
      const rows = await sql<{ result: string; after: string | null }>(
        `SELECT result, after FROM "AuditEvent" WHERE cluster=$1 AND namespace=$2 AND name=$3 AND at >= $4 AND action='route.weights'`,
        [t.cluster, t.namespace, t.name, since],
      )
      const now = await route(t)
      const inCluster = JSON.stringify(
        now.spec.rules[0]!.backendRefs.map((b) => ({ name: b.name, weight: b.weight ?? 1 })),
      )
      // the intent row holds the input, the applied row the rule's weights: both carry `backends`
      const matches = rows.some((r) => {
        const after = JSON.parse(r.after ?? 'null') as {
          backends?: { name: string; weight: number }[]
        } | null
        const backends = after?.backends?.map((b) => ({ name: b.name, weight: b.weight }))
        return (r.result === 'intent' || r.result === 'applied') && JSON.stringify(backends) === inCluster
      })
      expect(matches, `${t.cluster}/${t.namespace}/${t.name}: ${inCluster} not in the audit trail`).toBe(true)
      const events = (
        await kubectlJsonAsync<{ items: { reason: string; lastTimestamp?: string; eventTime?: string }[] }>(
          t.cluster,
          ['-n', t.namespace, 'get', 'events', '--field-selector', `involvedObject.name=${t.name}`],
        )
      ).items.filter(
        (e) =>
          e.reason === 'WeightsChanged' &&
          Date.parse(e.eventTime ?? e.lastTimestamp ?? '') >= since.getTime(),
      )
      const intents = rows.filter((r) => r.result === 'intent').length
      expect(events.length).toBeLessThanOrEqual(intents)
    }

    // The same cookie still works: sessions live in the database, which kept them.
    const after = await until('status after the restart', 15_000, async () => {
      const r = await get(c.proxy.url, '/api/status', admin)
      return r.status === 200 ? r : null
    })
    expect(after.value.status).toBe(200)
  })

  it('an API server stops: the other cluster stays live, the stopped one is stale with its age within 5 s and live again within 30 s of its restart', async () => {
    type Status = { cluster: string; connected: boolean; dataAsOf: string | null }
    const statuses = async (url: string) => {
      const r = await get(url, '/api/fleet/status', admin)
      expect(r.status, r.body.slice(0, 300)).toBe(200)
      return (JSON.parse(r.body) as { clusters: Status[] }).clusters
    }
    const of = (list: Status[], name: string) => list.find((s) => s.cluster === name)!
    // the watch caches start with the first fleet read: wait until both replicas are live
    for (const r of [c.a, c.b]) {
      await until(`${r.name}: both clusters live`, 30_000, async () =>
        (await statuses(r.url)).every((s) => s.connected) ? true : null,
      )
    }

    await apiserver('stop', 'gpu-west')
    const stoppedAt = Date.now()
    try {
      for (const r of [c.a, c.b]) {
        const stale = await until(`${r.name}: gpu-west stale`, 5_000 - (Date.now() - stoppedAt), async () => {
          const w = of(await statuses(r.url), 'gpu-west')
          return !w.connected && w.dataAsOf ? w : null
        })
        expect(Date.parse(stale.value.dataAsOf!)).toBeLessThanOrEqual(Date.now())
        const east = of(await statuses(r.url), 'gpu-east')
        expect(east.connected).toBe(true)
        // the live cluster's data keeps coming
        const gpus = await get(r.url, '/api/fleet/gpus?cluster=gpu-east', admin)
        expect(gpus.status).toBe(200)
      }
      // the routes page keeps gpu-west's last-known routes, marked stale, beside gpu-east's live ones
      const routes = await get(c.proxy.url, '/routes?cluster=gpu-west', admin)
      expect(routes.status).toBe(200)
      expect(routes.body).toContain('data-route="gpu-west/team-assistant/llama-3-1-8b"')
      expect(routes.body).toContain('stale: cluster unreachable')
      expect(routes.body).toContain('is unreachable')
    } finally {
      await apiserver('start', 'gpu-west')
    }
    const restartedAt = Date.now()
    for (const r of [c.a, c.b]) {
      await until(`${r.name}: gpu-west live again`, 30_000 - (Date.now() - restartedAt), async () =>
        of(await statuses(r.url), 'gpu-west').connected ? true : null,
      )
    }
  })

  it('Prometheus stops: cost and SLO pages say since when metrics are unavailable, without 5xx, and recover', async () => {
    const pages = async () => {
      const [costs, slos] = await Promise.all([
        get(c.proxy.url, '/costs', admin),
        get(c.proxy.url, '/slos', admin),
      ])
      expect(costs.status).toBe(200)
      expect(slos.status).toBe(200)
      return { costs: costs.body, slos: slos.body }
    }
    const unavailable = /Metrics unavailable since/i
    expect(unavailable.test((await pages()).slos)).toBe(false)
    await stack('prometheus', 'stop')
    try {
      await until('both pages say metrics unavailable', 90_000, async () => {
        const p = await pages()
        return unavailable.test(p.costs) && unavailable.test(p.slos)
      })
    } finally {
      await stack('prometheus', 'start')
    }
    await until('both pages recover', 90_000, async () => {
      const p = await pages()
      return !unavailable.test(p.costs) && !unavailable.test(p.slos)
    })
  })
})

describe('background work across replicas', () => {
  it('the cost roll-up runs once: each hour is rolled by one replica, no ledger row twice', async () => {
    // every replica has ticked at least twice (2 s after start, then every minute)
    await sleep(Math.max(0, started + 65_000 - Date.now()))
    const finals = await until('final hours in the ledger', 60_000, async () => {
      const [r] = await sql<{ n: string }>(`SELECT count(*) AS n FROM "RollupHour" WHERE status='final'`)
      return Number(r!.n) > 0 ? Number(r!.n) : null
    })
    const rolled = [c.a, c.b].map((r) =>
      logLines(r)
        .filter((l) => l.msg === 'cost roll-up')
        .reduce((sum, l) => sum + Number(l.hours ?? 0), 0),
    )
    expect(rolled[0]! + rolled[1]!).toBe(finals.value)
    const dup = await sql(
      `SELECT hour, cluster, team, model, route, "tokenType" FROM "TokenUsageHour" GROUP BY 1,2,3,4,5,6 HAVING count(*) > 1`,
    )
    expect(dup).toEqual([])
  })
})

describe('a replica starts', () => {
  it('it reports ready only after warming its routes, and the first requests after ready are fast', async () => {
    const w = await startReplica({
      name: 'replica-w',
      port: PORTS.spare,
      publicUrl: c.proxy.url,
      logDir: `${process.env.AIRE_FAULT_DIR}/logs`,
      env: { AIRE_COST_BACKFILL_DAYS: '1' },
    })
    try {
      // A load balancer saw it unready, with progress, until the warm-up was done; never ready before.
      const answers = w.readiness.filter((r) => r.status > 0)
      const firstReady = answers.findIndex((r) => r.status === 200)
      console.log(
        `replica-w: ready ${answers[firstReady]!.ms} ms after it first answered; ${answers[firstReady]!.line}`,
      )
      expect(
        answers.slice(0, firstReady).some((r) => r.status === 503 && /^warming: \d+\/\d+/.test(r.line)),
      ).toBe(true)
      expect(answers.slice(0, firstReady).every((r) => r.status === 503)).toBe(true)
      expect(answers[firstReady]!.line).toMatch(/^\[\+\]warm-up done: \d+ requests/)
      // every page and data path answered the warm-up as it answers a signed-in viewer
      const done = logLines(w).find((l) => l.msg === 'warm-up done: ready')
      expect(done?.failures).toEqual([])
      // Liveness is not readiness: /healthz answered all along.
      expect((await get(w.url, '/healthz', null)).status).toBe(200)

      // The first users after ready: sessions this replica has never seen, each endpoint and page once.
      const [s1, s2] = await cloneSessions(admin, DEMO_USERS.admin.username, 2)
      const firsts: [string, number][] = []
      for (const path of ['/api/fleet/gpus', '/api/fleet/models', '/api/status', '/api/fleet/status']) {
        const r = await get(w.url, path, s1!)
        expect(r.status, path).toBe(200)
        firsts.push([path, r.ms])
      }
      for (const path of ['/', '/gpus', '/models', '/routes', '/costs', '/slos', '/audit', '/teams']) {
        const r = await get(w.url, path, s2!)
        expect(r.status, path).toBe(200)
        firsts.push([path, r.ms])
      }
      console.log(
        `replica-w first requests after ready: ${firsts.map(([p, ms]) => `${p} ${ms.toFixed(0)} ms`).join(', ')}`,
      )
      // Cold, the first of each would load its route's modules, render for the first time and (fleet
      // reads) wait for the watch cache's sync; warmed, each is about as fast as any later one.
      for (const [path, ms] of firsts) expect(ms, path).toBeLessThan(path.startsWith('/api') ? 300 : 800)
      // The credential is gone with the warm-up: a request carrying a guessed one is a stranger.
      expect(
        (await fetch(`${w.url}/api/status`, { headers: { 'x-aire-warmup': 'A'.repeat(43) } })).status,
      ).toBe(401)
    } finally {
      w.kill('SIGKILL')
      await w.exited
    }
  })
})

describe('a replica dies', () => {
  it('stopped with SIGTERM mid-action: it turns unready at once and the action finishes or fails with a sentence', async () => {
    const c3 = await startReplica({
      name: 'replica-c',
      port: PORTS.spare,
      publicUrl: c.proxy.url,
      logDir: `${process.env.AIRE_FAULT_DIR}/logs`,
      env: { AIRE_COST_BACKFILL_DAYS: '1' },
    })
    try {
      const t = ROUTES[1]!
      const first = await nextFirst(t, 5)
      const since = new Date()
      const inFlight = callAction(c3.url, '/routes', admin, setWeights, [await weightsInput(t, first)])
      await sleep(30)
      c3.kill('SIGTERM')
      // a load balancer stops sending new requests: readiness fails (or the port is closed)
      await until('replica C unready', 5_000, async () => (await get(c3.url, '/readyz', null)).status !== 200)
      const reply = await inFlight
      expect(reply.status, reply.body.slice(0, 300)).toBe(200)
      expect(reply.result, reply.body.slice(0, 300)).not.toBeNull()
      if (reply.result?.ok) {
        expect(weightsOf(await route(t))[0]).toBe(first)
        const rows = await sql(
          `SELECT 1 FROM "AuditEvent" WHERE name=$1 AND cluster=$2 AND result='applied' AND at >= $3`,
          [t.name, t.cluster, since],
        )
        expect(rows.length).toBe(1)
      } else {
        expect(reply.result?.message).toMatch(/not applied|nothing was changed|Try again/i)
      }
      await Promise.race([
        c3.exited,
        sleep(40_000).then(() => {
          throw new Error('replica C did not exit within 40 s of SIGTERM')
        }),
      ])
    } finally {
      c3.kill('SIGKILL')
    }
  })

  it('killed mid-action: the next request succeeds on the other replica', async () => {
    const t = ROUTES[2]!
    const first = await nextFirst(t, 3)
    const inFlight = callAction(c.a.url, '/routes', admin, setWeights, [await weightsInput(t, first)])
    await sleep(30)
    c.a.kill('SIGKILL')
    const cut = await inFlight
    // kill() only sends the signal: until the process is gone its listening socket still accepts
    // connections (and then resets them), which no load balancer can tell from a crash mid-request.
    await c.a.exited
    // The user saw the request fail (or finish, if it was faster than the kill)
    expect([0, 200]).toContain(cut.status)
    // Every next request through the load balancer succeeds, served by B.
    for (let i = 0; i < 10; i++) expect((await get(c.proxy.url, '/api/status', admin)).status).toBe(200)
    const again = await callAction(c.proxy.url, '/routes', admin, setWeights, [
      await weightsInput(t, await nextFirst(t, 17)),
    ])
    expect(again.result?.ok, again.body.slice(0, 300)).toBe(true)
    const pageOnB = await get(c.proxy.url, '/routes', admin)
    expect(pageOnB.status).toBe(200)
  })
})
