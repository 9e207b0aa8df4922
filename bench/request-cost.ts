/**
 * Server cost of one request, without load: N sequential requests to each path of a running
 * console, with the server process's CPU time (from /proc) divided by N, and the wall-time p50/p95.
 * Separates what a handler costs from what queueing adds under load (bench/load-fault.ts).
 *
 *   PATH=node_modules/.bin:$PATH tsx bench/request-cost.ts http://127.0.0.1:3000 [--n 300] [PATH…]
 * Default paths: the fleet, status and version endpoints the pages read. Signs in as the demo
 * admin; the server must listen on the given port on this machine (its pid is found by port).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { get, signIn, DEMO_USERS } from '@/harness/console-client'

const args = process.argv.slice(2)
const baseArg = args.find((a) => a.startsWith('http'))
if (!baseArg) throw new Error('usage: tsx bench/request-cost.ts http://127.0.0.1:PORT [--n N] [PATH…]')
const base: string = baseArg
const nAt = args.indexOf('--n')
const n = nAt >= 0 ? Number(args[nAt + 1]) : 300
const paths = args.filter((a, i) => a.startsWith('/') && args[i - 1] !== '--n')
const PATHS = paths.length
  ? paths
  : ['/api/fleet/version', '/api/fleet/status', '/api/status', '/api/fleet/gpus', '/api/fleet/models']

const port = new URL(base).port
const listeners = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' })
const pid = /pid=(\d+)/.exec(listeners)?.[1]
if (!pid) throw new Error(`no process listens on port ${port} here`)
const ticks = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return Number(f[11]) + Number(f[12]) // utime + stime, in clock ticks (10 ms)
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!
async function main(): Promise<void> {
  const s = await signIn(base, DEMO_USERS.admin.username, DEMO_USERS.admin.password)
  console.log(`request-cost: ${base} (pid ${pid}), ${n} sequential requests per path`)
  for (const path of PATHS) {
    for (let i = 0; i < 20; i++) await get(base, path, s) // warm caches and the JIT
    const cpu0 = ticks()
    const lat: number[] = []
    for (let i = 0; i < n; i++) {
      const r = await get(base, path, s)
      if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status}`)
      lat.push(r.ms)
    }
    const cpuMs = ((ticks() - cpu0) * 10) / n
    lat.sort((a, b) => a - b)
    console.log(
      `  ${path.padEnd(20)} server CPU ${cpuMs.toFixed(2)} ms/req   wall p50 ${pct(lat, 50).toFixed(1)} ms  p95 ${pct(lat, 95).toFixed(1)} ms`,
    )
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
