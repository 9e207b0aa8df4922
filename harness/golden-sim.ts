/**
 * The project's traffic simulator (dev/sim/main.ts) as a process of the prober's own tests and
 * benchmark: the seeded fleet plan (no cluster), a scenario of the caller's, its own port and
 * directory, so it never disturbs the demo or the shared test stack. Stopped by the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Scenario } from '@/dev/sim/scenario'
import { sleep, stopChild } from './child-process'

export interface SimProcess {
  url: string
  /** the pool Service URL template of the simulator's per-version endpoints */
  poolUrl: string
  stop: () => Promise<void>
}

export async function startSim(opts: {
  name: string
  port: number
  scenario: Scenario
  latencyScale?: number
}): Promise<SimProcess> {
  const dir = resolve('.aire', opts.name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const scenarioFile = join(dir, 'scenario.json')
  writeFileSync(scenarioFile, JSON.stringify(opts.scenario))
  const log: string[] = []
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'dev/sim/main.ts',
      ...['--state', join(dir, 'sim'), '--prom-dir', join(dir, 'prometheus'), '--port', String(opts.port)],
      ...['--days', '0.01', '--scenario', scenarioFile, '--fresh', '--plan'],
      ...['--chat-latency-scale', String(opts.latencyScale ?? 1)],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const keep = (b: Buffer) => log.push(...b.toString().split('\n').filter(Boolean))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const stop = () => stopChild(child)
  const ready = join(dir, 'sim', 'ready')
  for (let i = 0; i < 240 && !existsSync(ready); i++) {
    if (child.exitCode !== null) break
    await sleep(250)
  }
  if (!existsSync(ready)) {
    await stop()
    throw new Error(`simulator did not start:\n${log.slice(-20).join('\n')}`)
  }
  readFileSync(ready, 'utf8')
  const url = `http://127.0.0.1:${opts.port}`
  return { url, poolUrl: `${url}/clusters/{cluster}/namespaces/{namespace}/pools/{pool}`, stop }
}
