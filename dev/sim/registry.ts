/**
 * A tiny metric registry for the simulator: series values in flat arrays, label strings rendered
 * once. Renders the Prometheus text format (live) and timestamped OpenMetrics lines (backfill).
 */

export type FamilyType = 'counter' | 'gauge' | 'histogram'

interface Family {
  name: string
  type: FamilyType
  help: string
  series: number[]
}

export class Registry {
  private families = new Map<string, Family>()
  private index = new Map<string, number>()
  /** `name{labels}` of each series */
  readonly keys: string[] = []
  values = new Float64Array(1024)
  private carry = new Float64Array(1024)
  private alive = new Uint8Array(1024)
  private gauge = new Uint8Array(1024)

  family(name: string, type: FamilyType, help: string): void {
    if (!this.families.has(name)) this.families.set(name, { name, type, help, series: [] })
  }

  /** The id of a series (sample name + labels), created at 0 if new. Empty labels are dropped. */
  id(family: string, sample: string, labels: Record<string, string | number | null | undefined>): number {
    const parts: string[] = []
    for (const [k, v] of Object.entries(labels)) {
      if (v === null || v === undefined || v === '') continue
      parts.push(`${k}="${String(v).replace(/["\\]/g, '\\$&').replace(/\n/g, '\\n')}"`)
    }
    const key = parts.length ? `${sample}{${parts.join(',')}}` : sample
    let id = this.index.get(key)
    if (id === undefined) {
      id = this.keys.length
      this.keys.push(key)
      this.index.set(key, id)
      if (id >= this.values.length) this.grow()
      const f = this.families.get(family)
      if (!f) throw new Error(`unknown family ${family}`)
      f.series.push(id)
      this.gauge[id] = f.type === 'gauge' ? 1 : 0
    }
    this.alive[id] = 1
    return id
  }

  private grow(): void {
    const n = this.values.length * 2
    const v = new Float64Array(n)
    v.set(this.values)
    this.values = v
    const c = new Float64Array(n)
    c.set(this.carry)
    this.carry = c
    const a = new Uint8Array(n)
    a.set(this.alive)
    this.alive = a
    const g = new Uint8Array(n)
    g.set(this.gauge)
    this.gauge = g
  }

  /** Adds a whole-number increment, carrying fractions to the next call; returns what was added. */
  addInt(id: number, x: number): number {
    if (!(x > 0)) return 0
    const total = this.carry[id]! + x
    const inc = Math.floor(total)
    this.carry[id] = total - inc
    this.values[id]! += inc
    return inc
  }

  add(id: number, x: number): void {
    if (x > 0) this.values[id]! += x
  }

  set(id: number, x: number): void {
    this.values[id] = x
  }

  /** A counter restart: the series starts again from zero. */
  reset(id: number): void {
    this.values[id] = 0
    this.carry[id] = 0
  }

  /** Marks every series dead; `id()` revives those still in use. Dead series are not exposed. */
  markAllDead(): void {
    this.alive.fill(0)
  }

  isAlive(id: number): boolean {
    return this.alive[id] === 1
  }

  get size(): number {
    return this.keys.length
  }

  /** Prometheus text exposition format 0.0.4. */
  renderText(): string {
    const out: string[] = []
    for (const f of this.families.values()) {
      const live = f.series.filter((id) => this.alive[id] === 1)
      if (live.length === 0) continue
      const typeName = f.type === 'counter' ? `${f.name}_total` : f.name
      out.push(`# HELP ${typeName} ${f.help}`, `# TYPE ${typeName} ${f.type}`)
      for (const id of live) out.push(`${this.keys[id]} ${fmt(this.values[id]!)}`)
    }
    return out.join('\n') + '\n'
  }

  /**
   * One OpenMetrics line per live series at `tSeconds` (no metadata: promtool does not need it);
   * only gauges when `gaugesOnly`. Returns the number of samples.
   */
  renderSamples(tSeconds: number, push: (chunk: string) => void, gaugesOnly = false): number {
    const ts = ` ${tSeconds}\n`
    let buf = ''
    let n = 0
    for (let id = 0; id < this.keys.length; id++) {
      if (this.alive[id] !== 1 || (gaugesOnly && this.gauge[id] !== 1)) continue
      n++
      buf += `${this.keys[id]} ${fmt(this.values[id]!)}${ts}`
      if (buf.length > 1 << 20) {
        push(buf)
        buf = ''
      }
    }
    if (buf) push(buf)
    return n
  }
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000)
}
