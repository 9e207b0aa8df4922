import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'

// The server as the container starts it: `node server.js` from the standalone output, production
// env, a read-only working directory (readOnlyRootFilesystem), writable /tmp only.
const PORT = 3111
let server: ChildProcess | undefined
let logs = ''
/** What /readyz answered from the first time /healthz did until it said ready. */
const readiness: { status: number; line: string }[] = []

function readOnly(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry)
    if (statSync(p).isDirectory()) readOnly(p)
    else chmodSync(p, 0o444)
  }
  chmodSync(dir, 0o555)
}

test.beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'aire-standalone-'))
  execFileSync('bash', ['scripts/build/standalone.sh', join(out, 'app')], { stdio: 'ignore' })
  readOnly(join(out, 'app'))
  server = spawn(process.execPath, ['server.js'], {
    cwd: join(out, 'app'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOSTNAME: '127.0.0.1',
      DATABASE_URL: process.env.DATABASE_URL?.startsWith('postgres')
        ? process.env.DATABASE_URL
        : `file:${join(out, 'console.db')}`,
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout?.on('data', (d: Buffer) => (logs += d.toString()))
  server.stderr?.on('data', (d: Buffer) => (logs += d.toString()))
  let live = false
  for (let i = 0; i < 240; i++) {
    try {
      live ||= (await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok
      if (live) {
        // as the readiness probe does: a started server warms its routes before it says ready
        const r = await fetch(`http://127.0.0.1:${PORT}/readyz`)
        readiness.push({ status: r.status, line: (await r.text()).split('\n')[0] ?? '' })
        if (r.status === 200) return
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`standalone server did not become ready:\n${JSON.stringify(readiness.slice(-3))}\n${logs}`)
})

test.afterAll(() => {
  server?.kill('SIGTERM')
})

test('deploy: the standalone server starts as in the container, read-only, and serves health, readiness and sign-in', async ({
  page,
  request,
}) => {
  expect((await request.get(`http://127.0.0.1:${PORT}/healthz`)).status()).toBe(200)
  // live at once, but unready (503, with progress) until its routes were warmed; then ready
  const before = readiness.slice(0, -1)
  expect(
    before.every((r) => r.status === 503 && /^warming: \d+\/\d+/.test(r.line)),
    JSON.stringify(before),
  ).toBe(true)
  const ready = await request.get(`http://127.0.0.1:${PORT}/readyz`)
  expect(ready.status(), await ready.text()).toBe(200)
  expect(await ready.text()).toMatch(/^\[\+\]warm-up done: \d+ requests/)
  expect(await ready.text()).toContain('[+]database ok')
  const metrics = await request.get(`http://127.0.0.1:${PORT}/metrics`)
  expect(await metrics.text()).toContain('aire_console_source_up')
  await page.goto(`http://127.0.0.1:${PORT}/login`)
  await expect(page.getByRole('heading', { name: /AIRe/ })).toBeVisible()
  expect(logs).not.toMatch(/EROFS|read-only file system/i)
})
