/**
 * Fleet pages in a real browser (Debian's chromium, the flags of playwright.config.ts): for
 * Overview, GPUs, Models and Routes, with an empty browser cache each time —
 *   - time to usable: navigation start → the page's main table or panels visible;
 *   - long tasks over 200 ms (PerformanceObserver 'longtask') while loading, and on GPUs while
 *     scrolling the virtualised table to the end;
 *   - first-load JavaScript: every script the route loads on a cold visit, compressed as
 *     transferred and uncompressed (issue 4 target: ≤ 170 kB compressed per route).
 * Prints a table; no thresholds (numbers are noisy on shared machines: the load average is printed).
 *
 *   AIRE_NEXT_DIST_DIR=.aire/next-x next build     # once
 *   DATABASE_URL=… PROMETHEUS_URL=… AIRE_KUBECONFIG=… NEXTAUTH_SECRET=… \
 *     tsx bench/browser-fleet.ts [--port 3210] [--url http://127.0.0.1:3000] [--runs 3] [--scripts]
 * Without --url it starts the built console (dev/start-app.sh) on --port and stops it after. The
 * database must hold the demo users (dev/db/seed.ts): it signs in as admin.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { loadavg } from 'node:os'
import { chromium, type Browser, type BrowserContextOptions, type Page } from '@playwright/test'
import config from '../playwright.config'

interface Target {
  name: string
  path: string
  /** What a user needs to see before the page is usable. */
  ready: string
}

const TARGETS: Target[] = [
  { name: 'Overview', path: '/', ready: '[data-testid="gpu-summary"]' },
  { name: 'GPUs', path: '/gpus', ready: '[data-testid="gpu-table"] tr[data-node]' },
  { name: 'Models', path: '/models', ready: '[data-model] table' },
  { name: 'Routes', path: '/routes', ready: '[data-route] table' },
]
const LONG_TASK_MS = 200
const BUDGET_KB = 170

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : undefined
}

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const t0 = Date.now()
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not become healthy`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

async function signIn(browser: Browser, base: string): Promise<BrowserContextOptions['storageState']> {
  const ctx = await browser.newContext({ baseURL: base })
  const page = await ctx.newPage()
  await page.goto('/login')
  await page.getByLabel('Username').fill('admin')
  await page.getByLabel('Password').fill('admin-demo-pw')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByTestId('role').waitFor({ timeout: 30_000 })
  const state = await ctx.storageState()
  await ctx.close()
  return state
}

/** Collects long tasks from the first script on (buffered observer installed before any page code). */
const OBSERVE_LONG_TASKS = () => {
  const w = window as unknown as { __longTasks: number[] }
  w.__longTasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push(e.duration)
  }).observe({ type: 'longtask', buffered: true })
}

const longTasks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice())

interface Run {
  usableMs: number
  loadLong: number[]
  scrollLong: number[]
  jsCompressed: number
  jsRaw: number
  scripts: { url: string; compressed: number; raw: number }[]
}

async function measure(
  browser: Browser,
  base: string,
  state: BrowserContextOptions['storageState'],
  t: Target,
): Promise<Run> {
  // A fresh context: empty HTTP cache, as on a first visit.
  const ctx = await browser.newContext({ baseURL: base, storageState: state })
  await ctx.addInitScript(OBSERVE_LONG_TASKS)
  const page = await ctx.newPage()
  const pending: Promise<{ url: string; compressed: number; raw: number }>[] = []
  page.on('requestfinished', (req) => {
    if (req.resourceType() !== 'script') return
    pending.push(
      (async () => {
        const sizes = await req.sizes()
        const res = await req.response()
        const raw = res ? (await res.body()).length : 0
        return { url: new URL(req.url()).pathname, compressed: sizes.responseBodySize, raw }
      })(),
    )
  })
  const t0 = Date.now()
  await page.goto(t.path, { waitUntil: 'commit' })
  await page.locator(t.ready).first().waitFor({ state: 'visible', timeout: 60_000 })
  const usableMs = Date.now() - t0
  await page.waitForLoadState('networkidle').catch(() => undefined)
  const loadLong = (await longTasks(page)).filter((d) => d > LONG_TASK_MS)
  let scrollLong: number[] = []
  if (t.name === 'GPUs') {
    const before = (await longTasks(page)).length
    const table = page.getByTestId('gpu-table')
    for (let i = 0; i < 40; i++) {
      await table.evaluate((el) => el.scrollBy(0, el.clientHeight))
      await page.waitForTimeout(16)
    }
    await page.waitForTimeout(300)
    scrollLong = (await longTasks(page)).slice(before).filter((d) => d > LONG_TASK_MS)
  }
  const js = await Promise.all(pending)
  await ctx.close()
  return {
    usableMs,
    loadLong,
    scrollLong,
    jsCompressed: js.reduce((a, s) => a + s.compressed, 0),
    jsRaw: js.reduce((a, s) => a + s.raw, 0),
    scripts: js,
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
const kB = (n: number) => (n / 1000).toFixed(1)

async function main() {
  const runs = Number(arg('runs') ?? 3)
  const port = Number(arg('port') ?? process.env.E2E_PORT ?? 3210)
  let base = arg('url')
  let server: ChildProcess | null = null
  if (!base) {
    base = `http://127.0.0.1:${port}`
    server = spawn('bash', ['dev/start-app.sh', String(port)], { stdio: 'ignore', detached: true })
    await waitHealthy(base, 120_000)
  }
  const launch = config.use?.launchOptions ?? {}
  const browser = await chromium.launch({ executablePath: launch.executablePath, args: launch.args })
  try {
    const state = await signIn(browser, base)
    // Warm the server (watch cache sync, SLO evaluation): the bench measures the browser side.
    for (const t of TARGETS) await measure(browser, base, state, t)
    const load = loadavg().map((l) => l.toFixed(2))
    console.log(`browser-fleet: ${base}, ${runs} cold visits per page, load average ${load.join(' ')}`)
    console.log(
      'page       usable ms (median [min–max])   long tasks >200ms load/scroll (max ms)   first-load JS kB gzip / raw (scripts)',
    )
    for (const t of TARGETS) {
      const rs: Run[] = []
      for (let i = 0; i < runs; i++) rs.push(await measure(browser, base, state, t))
      const usable = rs.map((r) => r.usableMs)
      const allLong = rs.flatMap((r) => [...r.loadLong, ...r.scrollLong])
      const r0 = rs[0]!
      const over = r0.jsCompressed / 1000 > BUDGET_KB ? `  OVER ${BUDGET_KB} kB` : ''
      console.log(
        `${t.name.padEnd(10)} ${String(median(usable)).padStart(6)} [${Math.min(...usable)}–${Math.max(...usable)}]`.padEnd(
          40,
        ) +
          `${rs.reduce((a, r) => a + r.loadLong.length, 0)}/${rs.reduce((a, r) => a + r.scrollLong.length, 0)} (${allLong.length ? Math.round(Math.max(...allLong)) : 0})`.padEnd(
            41,
          ) +
          `${kB(r0.jsCompressed)} / ${kB(r0.jsRaw)} (${r0.scripts.length})${over}`,
      )
      if (process.argv.includes('--scripts'))
        for (const s of [...r0.scripts].sort((a, b) => b.compressed - a.compressed))
          console.log(`    ${kB(s.compressed).padStart(6)} / ${kB(s.raw).padStart(6)} kB  ${s.url}`)
    }
  } finally {
    await browser.close()
    if (server?.pid) process.kill(-server.pid, 'SIGTERM')
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
