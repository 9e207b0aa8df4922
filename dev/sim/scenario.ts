/**
 * Scenario files (dev/sim/scenarios/*.json): timed changes to the simulated traffic. Times are
 * relative to the anchor (the moment the history was generated), so a scenario replays the same
 * way on every machine:
 *   "-6h", "+30m", "now"        relative to the anchor
 *   "day-1T09:00"               09:00 UTC on the anchor's day minus one
 *   "2026-11-20T09:00:00Z"      absolute
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'

const target = {
  route: z.string().optional(),
  version: z.string().optional(),
  cluster: z.string().optional(),
}

const timing = { from: z.string().default('-1000d'), until: z.string().optional() }

export const eventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quality'), ...target, ...timing, goodRatio: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('errors'), ...target, ...timing, errorRatio: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('latency'), ...target, ...timing, factor: z.number().positive() }),
  z.object({ kind: z.literal('guardrails'), ...target, ...timing, flagRatio: z.number().min(0).max(1) }),
  /**
   * The gateway serves this split of a route's requests whatever the HTTPRoute's weights say (a
   * stale or misapplied gateway config): shares per version, normalised; a version not named gets 0.
   */
  z.object({
    kind: z.literal('split'),
    route: z.string(),
    cluster: z.string().optional(),
    ...timing,
    shares: z.record(z.string(), z.number().nonnegative()),
  }),
  z.object({
    kind: z.literal('tokens'),
    team: z.string(),
    route: z.string().optional(),
    ...timing,
    factor: z.number().nonnegative(),
  }),
])

export const scenarioSchema = z.object({
  name: z.string(),
  description: z.string().default(''),
  events: z.array(eventSchema).default([]),
})

export type ScenarioEvent = z.infer<typeof eventSchema>
export type Scenario = z.infer<typeof scenarioSchema>

export interface ResolvedEvent {
  event: ScenarioEvent
  fromMs: number
  untilMs: number
}

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3 }

export function resolveTime(spec: string, anchorMs: number): number {
  const s = spec.trim()
  if (s === 'now') return anchorMs
  const rel = /^([+-])(\d+(?:\.\d+)?)([smhd])$/.exec(s)
  if (rel) return anchorMs + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * UNITS[rel[3]!]!
  const day = /^day([+-]\d+)T(\d{2}):(\d{2})$/.exec(s)
  if (day) {
    const midnight = Math.floor(anchorMs / UNITS.d!) * UNITS.d!
    return midnight + Number(day[1]) * UNITS.d! + Number(day[2]) * UNITS.h! + Number(day[3]) * UNITS.m!
  }
  const abs = Date.parse(s)
  if (Number.isNaN(abs)) throw new Error(`scenario: cannot read time "${spec}"`)
  return abs
}

export function resolveScenario(scenario: Scenario, anchorMs: number): ResolvedEvent[] {
  return scenario.events.map((event) => ({
    event,
    fromMs: resolveTime(event.from, anchorMs),
    untilMs: event.until ? resolveTime(event.until, anchorMs) : Number.POSITIVE_INFINITY,
  }))
}

export function loadScenario(file: string | undefined): Scenario {
  if (!file) return { name: 'baseline', description: 'steady traffic, no incidents', events: [] }
  return scenarioSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
}
