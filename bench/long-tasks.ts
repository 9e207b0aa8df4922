/**
 * The longest busy stretches of a console process (no idle sample between: the event loop never
 * waited), from V8 CPU profiles (bench/load-fault.ts --profile-dir DIR). A request arriving in one
 * queues behind it, so these are where tail latency comes from when the CPU is not saturated on
 * average. Prints, per profile, the busy share, the longest stretches (≥ --min ms, default 50)
 * with the application frames that took most of each, and the functions with the most self time.
 *
 *   PATH=node_modules/.bin:$PATH tsx bench/long-tasks.ts DIR [--min 50] [--top 15]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface Frame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: Frame
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  startTime: number
  samples: number[]
  timeDeltas: number[]
}

const args = process.argv.slice(2)
const dir = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a))
if (!dir) throw new Error('usage: tsx bench/long-tasks.ts DIR [--min 50] [--top 15]')
const num = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? Number(args[i + 1]) : def
}
const MIN_MS = num('min', 50)
const TOP = num('top', 15)
const IDLE = new Set(['(idle)', '(program)'])

function label(f: Frame): string {
  const url = f.url
    .replace(/.*\/node_modules\//, '')
    .replace(/.*\/server\/chunks\//, 'chunks/')
    .replace(/^file:\/\//, '')
  return `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber}` : ''}`
}

/** Application frames are the ones worth naming: not Node's internals, React or Next's runtime. */
const isApp = (f: Frame) =>
  f.url !== '' && !f.url.startsWith('node:') && !/node_modules\/(next|react|react-dom)\//.test(f.url)

for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const stackOf = (id: number): Frame[] => {
    const out: Frame[] = []
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) out.push(byId.get(x)!.callFrame)
    return out
  }
  const self = new Map<string, number>()
  const tasks: { at: number; ms: number; frames: Map<string, number> }[] = []
  let t = p.startTime
  let busy = 0
  let current: { at: number; ms: number; frames: Map<string, number> } | null = null
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i]! / 1000
    t += p.timeDeltas[i]!
    const node = byId.get(p.samples[i]!)!
    if (IDLE.has(node.callFrame.functionName)) {
      if (current && current.ms >= MIN_MS) tasks.push(current)
      current = null
      continue
    }
    busy += dt
    const key = label(node.callFrame)
    self.set(key, (self.get(key) ?? 0) + dt)
    current ??= { at: t / 1000, ms: 0, frames: new Map() }
    current.ms += dt
    const app = stackOf(node.id).find(isApp)
    const appKey = app ? label(app) : `(runtime) ${key}`
    current.frames.set(appKey, (current.frames.get(appKey) ?? 0) + dt)
  }
  const secs = (t - p.startTime) / 1e6
  console.log(`\n${file}: ${secs.toFixed(0)} s profiled, ${((100 * busy) / 1000 / secs).toFixed(0)}% busy`)
  console.log(`  busy stretches ≥ ${MIN_MS} ms: ${tasks.length}; the longest:`)
  for (const task of [...tasks].sort((a, b) => b.ms - a.ms).slice(0, TOP)) {
    const top = [...task.frames].sort((a, b) => b[1] - a[1]).slice(0, 3)
    console.log(
      `    ${task.ms.toFixed(0).padStart(5)} ms at +${((task.at - p.startTime / 1000) / 1000).toFixed(1)} s: ${top.map(([k, v]) => `${k} (${v.toFixed(0)} ms)`).join('; ')}`,
    )
  }
  console.log('  most self time:')
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP))
    console.log(`    ${v.toFixed(0).padStart(6)} ms  ${k}`)
}
