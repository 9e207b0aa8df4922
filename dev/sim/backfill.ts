/**
 * History for Prometheus: replays the simulation from `start` to `end`, writes one OpenMetrics file
 * per UTC day (every sample timestamped, each series in time order, `# EOF` last) and turns each
 * into TSDB blocks with `promtool tsdb create-blocks-from openmetrics` while the next day is being
 * generated. One file per day keeps promtool to a single pass over each file.
 * @see https://prometheus.io/docs/prometheus/latest/storage/#backfilling-from-openmetrics-format
 */
import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Sim } from './engine'

const MIN = 60e3
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const PARALLEL = 2

export interface BackfillOptions {
  sim: Sim
  startMs: number
  endMs: number
  workDir: string
  /** where the (large, short-lived) OpenMetrics files go; tmpfs when there is one */
  scratchDir?: string
  /** inject the counter resets and scrape gaps real systems have (on by default) */
  faults: boolean
  /** sample every minute over the last `fineHours`, every 5 minutes before */
  fineHours?: number
  /** before the last `coarseAfterHours`, counters and histograms every 15 minutes (gauges stay at 5) */
  coarseAfterHours?: number
  log?: (msg: string) => void
}

export interface BackfillResult {
  blocksDir: string
  samples: number
  files: number
  lastTickMs: number
}

/** Daily faults: a gateway restart (counter reset) per cluster and a 14-minute scrape gap. */
export const FAULTS = {
  gatewayRestart: { 'gpu-east': 5 * HOUR + 17 * MIN, 'gpu-west': 9 * HOUR + 41 * MIN } as Record<
    string,
    number
  >,
  gapCentre: 13 * HOUR,
  gapHalfWidth: 7 * MIN,
}

function inGap(tMs: number): boolean {
  const d = tMs % DAY
  return Math.abs(d - FAULTS.gapCentre) < FAULTS.gapHalfWidth
}

function runPromtool(file: string, out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=24h', '-q', file, out],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let err = ''
    p.stderr.on('data', (c: Buffer) => (err += c.toString()))
    p.on('error', reject)
    p.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`promtool failed (${code}): ${err.slice(0, 500)}`)),
    )
  })
}

export async function backfill(o: BackfillOptions): Promise<BackfillResult> {
  try {
    return await generate(o)
  } finally {
    if (o.scratchDir) rmSync(o.scratchDir, { recursive: true, force: true })
  }
}

async function generate(o: BackfillOptions): Promise<BackfillResult> {
  const log = o.log ?? (() => {})
  const fine = (o.fineHours ?? 48) * HOUR
  const blocksDir = join(o.workDir, 'blocks')
  const scratch = o.scratchDir ?? o.workDir
  rmSync(o.workDir, { recursive: true, force: true })
  mkdirSync(blocksDir, { recursive: true })
  mkdirSync(scratch, { recursive: true })
  const coarse = (o.coarseAfterHours ?? 7 * 24) * HOUR
  const step = (t: number) => (o.endMs - t <= fine ? MIN : 5 * MIN)
  let t = Math.floor(o.startMs / (5 * MIN)) * 5 * MIN
  const end = Math.floor(o.endMs / MIN) * MIN
  let samples = 0
  let files = 0
  const running = new Set<Promise<void>>()
  let first = true
  while (t < end) {
    const dayEnd = Math.min(end, (Math.floor(t / DAY) + 1) * DAY)
    const file = join(scratch, `day-${new Date(t).toISOString().slice(0, 10)}.om`)
    const fd = openSync(file, 'w')
    let buf = ''
    const push = (s: string) => {
      buf += s
      if (buf.length > 8 << 20) {
        writeSync(fd, buf)
        buf = ''
      }
    }
    const emit = (tMs: number) => {
      if (o.faults && inGap(tMs)) return
      const gaugesOnly = o.endMs - tMs > coarse && tMs % (15 * MIN) !== 0
      samples += o.sim.reg.renderSamples(tMs / 1000, push, gaugesOnly)
    }
    if (first) {
      emit(t)
      first = false
    }
    while (t < dayEnd) {
      const next = Math.min(dayEnd, t + step(t))
      if (o.faults) {
        for (const [cluster, at] of Object.entries(FAULTS.gatewayRestart)) {
          const mark = Math.floor(next / DAY) * DAY + at
          if (mark > t && mark <= next) o.sim.resetGateway(cluster)
        }
      }
      o.sim.step(t, next)
      emit(next)
      t = next
    }
    writeSync(fd, buf + '# EOF\n')
    closeSync(fd)
    files++
    // Two promtools at a time, overlapping with generating the next day.
    while (running.size >= PARALLEL) await Promise.race(running)
    log(
      `backfill: ${new Date(t).toISOString().slice(0, 16)}Z generated (${(samples / 1e6).toFixed(1)}M samples)`,
    )
    const job: Promise<void> = runPromtool(file, blocksDir).then(() => {
      rmSync(file)
      running.delete(job)
    })
    running.add(job)
  }
  await Promise.all(running)
  return { blocksDir, samples, files, lastTickMs: t }
}

/** Moves the generated blocks into Prometheus's data directory (Prometheus must be stopped). */
export function installBlocks(blocksDir: string, dataDir: string): number {
  mkdirSync(dataDir, { recursive: true })
  let n = 0
  for (const b of readdirSync(blocksDir)) {
    renameSync(join(blocksDir, b), join(dataDir, b))
    n++
  }
  return n
}
