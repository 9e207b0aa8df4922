/**
 * The simulator's ground truth: tokens it generated per hour × cluster × team × model × route ×
 * token type, and GPU-hours per hour × cluster × namespace × product. Complete hours are appended
 * to CSV files; the hour in progress lives in current.json (rewritten after every tick), so a
 * restart loses nothing that was ever exposed.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const HOUR = 3600e3

export interface TokenTruth {
  hour: string
  cluster: string
  team: string
  model: string
  route: string
  tokenType: string
  tokens: number
}

export interface GpuTruth {
  hour: string
  cluster: string
  namespace: string
  product: string
  gpuHours: number
}

const TOKEN_HEADER = 'hour,cluster,team,model,route,tokenType,tokens\n'
const GPU_HEADER = 'hour,cluster,namespace,product,gpuHours\n'

export class GroundTruth {
  private hour = -1
  private tokens = new Map<string, number>()
  private gpu = new Map<string, number>()

  constructor(private readonly dir: string | null) {}

  /** Starts fresh files (history generation). */
  init(): void {
    if (!this.dir) return
    writeFileSync(join(this.dir, 'tokens.csv'), TOKEN_HEADER)
    writeFileSync(join(this.dir, 'gpu.csv'), GPU_HEADER)
    writeFileSync(join(this.dir, 'current.json'), JSON.stringify({ hour: -1, tokens: [], gpu: [] }))
  }

  /** Continues after a restart: the saved hour in progress is resumed or closed. */
  resume(nowMs: number): void {
    if (!this.dir) return
    const file = join(this.dir, 'current.json')
    if (!existsSync(file)) return this.init()
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      hour: number
      tokens: [string, number][]
      gpu: [string, number][]
    }
    this.hour = saved.hour
    this.tokens = new Map(saved.tokens)
    this.gpu = new Map(saved.gpu)
    if (this.hour >= 0 && Math.floor(nowMs / HOUR) * HOUR !== this.hour) this.closeHour()
  }

  private roll(tMs: number): void {
    const h = Math.floor((tMs - 1) / HOUR) * HOUR
    if (h === this.hour) return
    if (this.hour >= 0) this.closeHour()
    this.hour = h
  }

  private closeHour(): void {
    const iso = new Date(this.hour).toISOString()
    if (this.dir) {
      let t = ''
      for (const [k, v] of this.tokens) if (v > 0) t += `${iso},${k},${v}\n`
      let g = ''
      for (const [k, v] of this.gpu) if (v > 0) g += `${iso},${k},${Math.round(v * 1e6) / 1e6}\n`
      if (t) appendFileSync(join(this.dir, 'tokens.csv'), t)
      if (g) appendFileSync(join(this.dir, 'gpu.csv'), g)
    }
    this.tokens.clear()
    this.gpu.clear()
    this.hour = -1
  }

  /** Tokens generated in the tick ending at tMs (attributed to the hour the tick lies in). */
  addTokens(tMs: number, key: string, n: number): void {
    if (n <= 0) return
    this.roll(tMs)
    this.tokens.set(key, (this.tokens.get(key) ?? 0) + n)
  }

  addGpu(tMs: number, key: string, hours: number): void {
    if (hours <= 0) return
    this.roll(tMs)
    this.gpu.set(key, (this.gpu.get(key) ?? 0) + hours)
  }

  /** Persists the hour in progress (atomic rename). */
  save(): void {
    if (!this.dir) return
    const file = join(this.dir, 'current.json')
    writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ hour: this.hour, tokens: [...this.tokens], gpu: [...this.gpu] }),
    )
    renameSync(`${file}.tmp`, file)
  }

  /** Closes the hour in progress (end of history, or shutdown at an hour boundary). */
  flush(): void {
    if (this.hour >= 0) this.closeHour()
  }
}

export const tokenKey = (cluster: string, team: string, model: string, route: string, type: string) =>
  `${cluster},${team},${model},${route},${type}`

export const gpuKey = (cluster: string, namespace: string, product: string) =>
  `${cluster},${namespace},${product}`

/** Every token row: complete hours plus the hour in progress. */
export function readTokenTruth(dir: string): TokenTruth[] {
  const rows = readFileSync(join(dir, 'tokens.csv'), 'utf8').trim().split('\n').slice(1)
  const out: TokenTruth[] = rows.filter(Boolean).map((line) => {
    const [hour, cluster, team, model, route, tokenType, tokens] = line.split(',')
    return {
      hour: hour!,
      cluster: cluster!,
      team: team!,
      model: model!,
      route: route!,
      tokenType: tokenType!,
      tokens: Number(tokens),
    }
  })
  const cur = join(dir, 'current.json')
  if (existsSync(cur)) {
    const saved = JSON.parse(readFileSync(cur, 'utf8')) as { hour: number; tokens: [string, number][] }
    if (saved.hour >= 0) {
      const hour = new Date(saved.hour).toISOString()
      for (const [k, v] of saved.tokens) {
        const [cluster, team, model, route, tokenType] = k.split(',')
        out.push({
          hour,
          cluster: cluster!,
          team: team!,
          model: model!,
          route: route!,
          tokenType: tokenType!,
          tokens: v,
        })
      }
    }
  }
  return out
}

export function readGpuTruth(dir: string): GpuTruth[] {
  const rows = readFileSync(join(dir, 'gpu.csv'), 'utf8').trim().split('\n').slice(1)
  return rows.filter(Boolean).map((line) => {
    const [hour, cluster, namespace, product, gpuHours] = line.split(',')
    return {
      hour: hour!,
      cluster: cluster!,
      namespace: namespace!,
      product: product!,
      gpuHours: Number(gpuHours),
    }
  })
}
