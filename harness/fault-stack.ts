import { execFile, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { startProxy, type Proxy } from '@/dev/fault/proxy'
import { startReplica, type Replica } from '@/dev/fault/replicas'

/** The repository (the bench and vitest run from it). */
export const root = resolve(process.cwd())

/** Ports of the fault suite and bench (E2E_PORT 3240 / OIDC 3241 are the e2e ones). */
export const PORTS = { a: 3242, b: 3243, proxy: 3244, spare: 3245 }

/**
 * Brings up the suite's own isolated stack (dev/fault/stack.sh: control plane, simulator,
 * Prometheus and PostgreSQL on their own ports, fresh database) and points this process at it.
 */
export function stackUp(): Record<string, string> {
  const out = execFileSync('bash', [join(root, 'dev/fault/stack.sh'), 'up'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const env: Record<string, string> = {}
  for (const line of out.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line)
    if (m) env[m[1]!] = m[2]!
  }
  if (!env.DATABASE_URL || !env.AIRE_ADMIN_KUBECONFIG) throw new Error(`fault stack did not start:\n${out}`)
  Object.assign(process.env, env)
  return env
}

const run = promisify(execFile)

/*
 * The stack's controls run asynchronously: the round-robin proxy lives in this process, and a
 * synchronous child process would stall every request through it (and the bench's clocks).
 */
export async function stack(...args: string[]): Promise<void> {
  await run('bash', [join(root, 'dev/fault/stack.sh'), ...args])
}

export async function pgCtl(cmd: 'stop' | 'start'): Promise<void> {
  await run('bash', [join(root, 'dev/fault/pg.sh'), cmd])
}

export async function apiserver(cmd: 'stop' | 'start', cluster: string): Promise<void> {
  await run('bash', [join(root, 'dev/fault/apiserver.sh'), cmd, cluster])
}

export interface Console {
  a: Replica
  b: Replica
  proxy: Proxy
  stop: () => Promise<void>
}

/** Two replicas of one build, same secrets, behind the round-robin proxy. */
export async function startConsole(env: Record<string, string> = {}): Promise<Console> {
  const logDir = join(process.env.AIRE_FAULT_DIR ?? join(root, '.aire/fault'), 'logs')
  const publicUrl = `http://127.0.0.1:${PORTS.proxy}`
  const [a, b] = await Promise.all(
    (['a', 'b'] as const).map((name) =>
      startReplica({ name: `replica-${name}`, port: PORTS[name], publicUrl, logDir, env }),
    ),
  )
  const proxy = await startProxy(PORTS.proxy, [PORTS.a, PORTS.b])
  return {
    a: a!,
    b: b!,
    proxy,
    stop: async () => {
      await proxy.close()
      // SIGTERM first: a replica drains and exits, and only then writes its --cpu-prof profile;
      // SIGKILL whatever has not exited after 20 s.
      for (const r of [a!, b!]) r.kill('SIGTERM')
      const late = setTimeout(() => [a!, b!].forEach((r) => r.kill('SIGKILL')), 20_000)
      await Promise.all([a!.exited, b!.exited])
      clearTimeout(late)
    },
  }
}

export async function sql<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await c.connect()
  try {
    return (await c.query(query, params)).rows as T[]
  } finally {
    await c.end()
  }
}

export function fileText(path: string): string {
  return readFileSync(path, 'utf8')
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function until<T>(
  what: string,
  timeoutMs: number,
  f: () => Promise<T | null | undefined | false>,
) {
  const t0 = Date.now()
  for (;;) {
    const v = await f()
    if (v) return { value: v, ms: Date.now() - t0 }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await sleep(250)
  }
}
