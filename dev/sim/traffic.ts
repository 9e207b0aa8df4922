/**
 * The traffic model: how many tokens each team sends, when, to which model, and how each model
 * version behaves. Deterministic in time (no hidden state), so the backfilled history and the
 * live exporter agree. Pure.
 */
import type { ResolvedEvent } from './scenario'
import type { SimRoute } from './topology'

export interface TeamProfile {
  /** tokens per second at the daily peak */
  peakTps: number
  /** hour (UTC) of the daily peak */
  peakHour: number
  /** share of the team's traffic per route name (model id); missing routes share what is left */
  mix: Record<string, number>
}

export const TEAM_PROFILES: Record<string, TeamProfile> = {
  assistant: { peakTps: 1100, peakHour: 15, mix: { 'llama-3-1-8b': 0.7, 'llama-3-1-70b': 0.3 } },
  search: {
    peakTps: 450,
    peakHour: 14,
    mix: { 'mixtral-8x7b': 0.35, 'qwen2-5-7b': 0.3, 'bge-m3': 0.3, 'mixtral-8x22b': 0.05 },
  },
  vision: {
    peakTps: 220,
    peakHour: 10,
    mix: { 'qwen2-5-vl-7b': 0.4, 'llama-3-2-11b-vision': 0.35, 'llama-3-2-11b-vision-dra': 0.25 },
  },
}

const DEFAULT_TEAM: TeamProfile = { peakTps: 200, peakHour: 14, mix: {} }

/** Share of a route name's traffic that each cluster serves, when several clusters have it. */
export const CLUSTER_WEIGHT: Record<string, number> = { 'gpu-east': 0.6, 'gpu-west': 0.4 }

export interface ModelProfile {
  operation: 'chat' | 'embeddings'
  /** share of tokens that are input (prompt); cached input is part of input */
  inputShare: number
  /** share of input tokens served from the prefix cache */
  cachedShare: number
  tokensPerRequest: number
  /** median time to first token, seconds */
  ttft: number
  /** inter-token latency, seconds */
  itl: number
  /**
   * Tokens per second at which a pod's GPUs read 100% utilisation: a knob that puts the seeded
   * fleet at roughly 50-60% busy at the daily peak and 15-25% at night.
   */
  podCapacityTps: number
}

const CHAT: ModelProfile = {
  operation: 'chat',
  inputShare: 0.72,
  cachedShare: 0.3,
  tokensPerRequest: 1100,
  ttft: 0.15,
  itl: 0.02,
  podCapacityTps: 90,
}

export function modelProfile(model: string): ModelProfile {
  const m = model.toLowerCase()
  if (m.includes('bge')) {
    return {
      ...CHAT,
      operation: 'embeddings',
      inputShare: 1,
      cachedShare: 0,
      tokensPerRequest: 350,
      ttft: 0.03,
      podCapacityTps: 12,
    }
  }
  if (m.includes('70b')) return { ...CHAT, ttft: 0.35, itl: 0.035, podCapacityTps: 75 }
  if (m.includes('8x22b')) return { ...CHAT, ttft: 0.45, itl: 0.04, podCapacityTps: 50 }
  if (m.includes('8x7b')) return { ...CHAT, ttft: 0.25, itl: 0.028, podCapacityTps: 55 }
  if (m.includes('vision') || m.includes('-vl-')) {
    return {
      ...CHAT,
      inputShare: 0.85,
      cachedShare: 0.1,
      tokensPerRequest: 1800,
      ttft: 0.4,
      podCapacityTps: 30,
    }
  }
  if (m.includes('qwen')) return { ...CHAT, podCapacityTps: 22 }
  return CHAT
}

const HOUR = 3600e3

/** FNV-1a of a string, for deterministic per-key noise. */
export function hash32(s: string): number {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return h >>> 0
}

/** 0.9..1.1, constant for 5 minutes per key: the same for any tick size. */
export function noise(key: string, tMs: number): number {
  const h = hash32(`${key}@${Math.floor(tMs / 300e3)}`)
  return 0.9 + (h / 4294967296) * 0.2
}

/** Daily rhythm: a floor of 25% at night, a bell around the peak hour; weekends at 60%. */
export function diurnal(peakHour: number, tMs: number): number {
  const hour = (tMs % (24 * HOUR)) / HOUR
  const d = Math.min(Math.abs(hour - peakHour), 24 - Math.abs(hour - peakHour))
  const day = new Date(tMs).getUTCDay()
  const weekend = day === 0 || day === 6 ? 0.6 : 1
  return (0.25 + 0.75 * Math.exp(-(d * d) / (2 * 4 * 4))) * weekend
}

function active(e: ResolvedEvent, tMs: number): boolean {
  return tMs >= e.fromMs && tMs < e.untilMs
}

function targets(e: ResolvedEvent, route: SimRoute, version?: string): boolean {
  const ev = e.event as { route?: string; version?: string; cluster?: string }
  if (ev.route && ev.route !== route.name) return false
  if (ev.cluster && ev.cluster !== route.cluster) return false
  if (version !== undefined && ev.version && ev.version !== version) return false
  return true
}

/** The last active event of a kind for this route (and version) wins. */
function latest(
  events: readonly ResolvedEvent[],
  kind: string,
  route: SimRoute,
  version: string,
  tMs: number,
) {
  let hit: ResolvedEvent | undefined
  for (const e of events) if (e.event.kind === kind && active(e, tMs) && targets(e, route, version)) hit = e
  return hit?.event
}

export function teamProfile(team: string): TeamProfile {
  return TEAM_PROFILES[team] ?? DEFAULT_TEAM
}

/** Share of its team's traffic a route gets: the team mix, then the cluster split. */
export function routeShares(routes: readonly SimRoute[]): Map<SimRoute, number> {
  const out = new Map<SimRoute, number>()
  const byTeam = new Map<string, SimRoute[]>()
  for (const r of routes) byTeam.set(r.team, [...(byTeam.get(r.team) ?? []), r])
  for (const [team, list] of byTeam) {
    const mix = teamProfile(team).mix
    const names = [...new Set(list.map((r) => r.name))]
    const known = names.filter((n) => mix[n] !== undefined)
    const knownSum = known.reduce((a, n) => a + mix[n]!, 0)
    const unknown = names.length - known.length
    const rest = Math.max(0, 1 - knownSum)
    const nameShare = (n: string) =>
      mix[n] !== undefined
        ? mix[n]! / Math.max(1, knownSum + (unknown > 0 ? rest : 0))
        : unknown > 0
          ? (knownSum > 0 ? rest : 1) / unknown
          : 0
    for (const n of names) {
      const same = list.filter((r) => r.name === n)
      const wsum = same.reduce((a, r) => a + (CLUSTER_WEIGHT[r.cluster] ?? 0.5), 0)
      for (const r of same) out.set(r, (nameShare(n) * (CLUSTER_WEIGHT[r.cluster] ?? 0.5)) / wsum)
    }
  }
  return out
}

/** Tokens per second a route receives at time t (before the version split). */
export function routeTps(
  route: SimRoute,
  share: number,
  events: readonly ResolvedEvent[],
  tMs: number,
): number {
  const p = teamProfile(route.team)
  let factor = 1
  for (const e of events) {
    if (e.event.kind !== 'tokens' || !active(e, tMs)) continue
    if (e.event.team !== route.team || (e.event.route && e.event.route !== route.name)) continue
    // Factors multiply: a team's spike stays a spike on a route that runs busier than usual.
    factor *= e.event.factor
  }
  return p.peakTps * diurnal(p.peakHour, tMs) * share * factor * noise(`${route.cluster}/${route.name}`, tMs)
}

export interface VersionBehaviour {
  goodRatio: number
  errorRatio: number
  latencyFactor: number
  flagRatio: number
}

export function versionBehaviour(
  route: SimRoute,
  version: string,
  events: readonly ResolvedEvent[],
  tMs: number,
): VersionBehaviour {
  const q = latest(events, 'quality', route, version, tMs)
  const e = latest(events, 'errors', route, version, tMs)
  const l = latest(events, 'latency', route, version, tMs)
  const g = latest(events, 'guardrails', route, version, tMs)
  return {
    goodRatio: q?.kind === 'quality' ? q.goodRatio : version === 'v1' ? 0.996 : 0.995,
    errorRatio: e?.kind === 'errors' ? e.errorRatio : 0.002,
    latencyFactor: l?.kind === 'latency' ? l.factor : 1,
    flagRatio: g?.kind === 'guardrails' ? g.flagRatio : 0.003,
  }
}

/**
 * The weights the gateway actually uses for a route's backends: the HTTPRoute's, unless a `split`
 * event overrides them (the simulated gateway then disagrees with its config).
 */
export function servedWeights(
  route: SimRoute,
  backends: readonly { version: string; weight: number }[],
  events: readonly ResolvedEvent[],
  tMs: number,
): number[] {
  const split = latest(events, 'split', route, '', tMs)
  if (split?.kind !== 'split') return backends.map((b) => Math.max(0, b.weight))
  return backends.map((b) => split.shares[b.version] ?? 0)
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26), for log-normal bucket shares. */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2)
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(x * x) / 2)
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2
}

/** Share of a log-normal(median, sigma) at or below `le`. */
export function logNormalCdf(le: number, median: number, sigma: number): number {
  if (!Number.isFinite(le)) return 1
  if (le <= 0) return 0
  return normalCdf(Math.log(le / median) / sigma)
}
