/**
 * Starts console replicas for the fault tests and the load bench: `next start` of one build
 * (AIRE_NEXT_DIST_DIR), each on its own port, all with the same NEXTAUTH_SECRET and
 * NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, against the stack in the environment (DATABASE_URL,
 * AIRE_KUBECONFIG, PROMETHEUS_URL). Each replica is a process group of its own, so it can be
 * killed (SIGKILL: a crash) or drained (SIGTERM) without touching anything else.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, readFileSync, readdirSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The repository: tests, the bench and the CLI run from it. */
const root = resolve(process.cwd())
/** Where the built app lives (a clean snapshot may be built elsewhere); defaults to this checkout. */
export const appDir = resolve(root, process.env.AIRE_FAULT_APP_DIR ?? '.')

/** Fixed test values: every replica must share them (never use these outside tests). */
export const SHARED_SECRETS = {
  NEXTAUTH_SECRET: 'test-secret-not-for-production-0123456789',
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'gxp0EGvLJJED8rIZmvw3MA/CMY1NsMpCv2zFdnLlpQ8=',
}

export interface Replica {
  name: string
  port: number
  url: string
  logFile: string
  child: ChildProcess
  /** resident memory of the replica's processes, in MiB */
  rssMiB: () => number
  kill: (signal?: NodeJS.Signals) => void
  exited: Promise<number | null>
  /**
   * What /readyz answered while the replica started (status and first line), in order: a
   * replica warms its routes before it reports ready (lib/process/warmup.ts).
   */
  readiness: { ms: number; status: number; line: string }[]
}

export interface ReplicaOptions {
  name: string
  port: number
  /** Next build dir (relative to the repo); defaults to AIRE_NEXT_DIST_DIR or .next */
  distDir?: string
  publicUrl: string
  env?: Record<string, string>
  logDir: string
}

function rssOfGroup(pgid: number): number {
  let kib = 0
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      // fields after the command name "(…)": state ppid pgrp …
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
      if (pgrp !== pgid) continue
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${d}/status`, 'utf8'))
      if (m) kib += Number(m[1])
    } catch {
      // process exited while reading
    }
  }
  return Math.round(kib / 1024)
}

export async function waitHttp(
  url: string,
  timeoutMs: number,
  ok = (s: number) => s === 200,
  seen?: { ms: number; status: number; line: string }[],
): Promise<void> {
  const t0 = Date.now()
  let last = ''
  while (Date.now() - t0 < timeoutMs) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3000) })
      seen?.push({ ms: Date.now() - t0, status: r.status, line: (await r.text()).split('\n')[0] ?? '' })
      if (ok(r.status)) return
      last = `HTTP ${r.status}`
    } catch (e) {
      last = e instanceof Error ? e.message : String(e)
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`)
}

export async function startReplica(o: ReplicaOptions): Promise<Replica> {
  mkdirSync(o.logDir, { recursive: true })
  const logFile = join(o.logDir, `${o.name}.log`)
  const out = createWriteStream(logFile, { flags: 'w' })
  const distDir = o.distDir ?? process.env.AIRE_NEXT_DIST_DIR ?? '.next'
  const child = spawn(
    join(root, 'node_modules/.bin/next'),
    ['start', '-H', '127.0.0.1', '-p', String(o.port)],
    {
      cwd: appDir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...SHARED_SECRETS,
        PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
        NEXT_TELEMETRY_DISABLED: '1',
        AIRE_NEXT_DIST_DIR: distDir,
        NEXTAUTH_URL: o.publicUrl,
        AIRE_REPLICA: o.name,
        ...o.env,
      },
    },
  )
  child.stdout?.pipe(out)
  child.stderr?.pipe(out)
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)))
  const pid = child.pid!
  const replica: Replica = {
    name: o.name,
    port: o.port,
    url: `http://127.0.0.1:${o.port}`,
    logFile,
    child,
    rssMiB: () => rssOfGroup(pid),
    kill: (signal = 'SIGKILL') => {
      try {
        process.kill(-pid, signal)
      } catch {
        // already gone
      }
    },
    exited,
    readiness: [],
  }
  await Promise.race([
    waitHttp(`${replica.url}/readyz`, 120_000, undefined, replica.readiness),
    exited.then((code) => {
      throw new Error(`replica ${o.name} exited (${code}) while starting; log ${logFile}`)
    }),
  ])
  return replica
}

/** The replica's structured log lines (JSON objects) so far. */
export function logLines(r: Replica): Record<string, unknown>[] {
  return readFileSync(r.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>]
      } catch {
        return []
      }
    })
}
