/**
 * Which change most likely caused a burn: a pure score over the changes seen before the onset.
 * Three factors, multiplied: how closely the change's object matches the SLO's target, how soon
 * before the onset it happened, and what kind of change it was.
 */

export type ChangeKind =
  | 'weights'
  | 'rollout'
  | 'rollback'
  | 'shift-to-stable'
  | 'revert'
  | 'quota'
  | 'token-limit'
  | 'event'
  | 'other'

export type ChangeSource = 'audit' | 'replicaset' | 'event' | 'route'

export interface ChangeRecord {
  id: string
  source: ChangeSource
  kind: ChangeKind
  /** ISO time */
  at: string
  actor: string | null
  summary: string
  cluster: string | null
  namespace: string | null
  objectKind: string | null
  name: string | null
  team: string | null
  /** Model id and version the changed object belongs to, when known. */
  model: string | null
  version: string | null
  /** For audit records that can be reverted from triage. */
  auditId?: string
  revertible?: boolean
}

export interface TargetScope {
  team: string
  model: string | null
  version: string | null
  /** HTTPRoutes (namespace/name) that serve the target. */
  routes: string[]
  cluster: string | null
}

/** target: the SLO's own model (and version); route: an HTTPRoute serving it; model: another version. */
export type MatchLevel = 'target' | 'route' | 'model' | 'team' | 'other'

export interface RankedChange extends ChangeRecord {
  score: number
  match: MatchLevel
  /** Seconds before the onset (negative: after it). */
  leadSeconds: number
  reasons: string[]
}

// A weight change on a route that serves the target moves the target's traffic as directly as a
// rollout of it, so the two rank alike and recency decides (found when a fresh cluster's own
// seed rollouts, a minute older, outranked the canary weight change that caused the burn).
const MATCH_WEIGHT: Record<MatchLevel, number> = {
  target: 1,
  route: 1,
  model: 0.8,
  team: 0.35,
  other: 0.05,
}

/** Changes to traffic and code are the usual culprits; capacity changes less often degrade quality. */
export const KIND_WEIGHT: Record<ChangeKind, number> = {
  weights: 1,
  rollout: 1,
  revert: 0.8,
  rollback: 0.7,
  'shift-to-stable': 0.5,
  quota: 0.35,
  'token-limit': 0.25,
  event: 0.3,
  other: 0.2,
}

/** Recency half-life before the onset, and how far back changes are considered at all. */
export const HALF_LIFE_SECONDS = 3600
export const LOOKBACK_SECONDS = 24 * 3600
/** A change up to this long after the onset is still considered (clock skew, scrape delay). */
export const GRACE_AFTER_SECONDS = 300

export function matchLevel(c: ChangeRecord, scope: TargetScope): MatchLevel {
  if (scope.cluster && c.cluster && c.cluster !== scope.cluster) return 'other'
  const route = c.namespace && c.name ? `${c.namespace}/${c.name}` : null
  if (c.objectKind === 'HTTPRoute' && route && scope.routes.includes(route)) return 'route'
  if (scope.model && c.model === scope.model) {
    if (!scope.version || !c.version || c.version === scope.version) return 'target'
    return 'model'
  }
  if (c.team && c.team === scope.team) return 'team'
  return 'other'
}

const MATCH_REASON: Record<MatchLevel, string> = {
  target: 'same target',
  route: 'route serving the target',
  model: 'same model, other version',
  team: 'same team',
  other: 'unrelated object',
}

function recencyWeight(lead: number): number {
  if (lead < -GRACE_AFTER_SECONDS) return 0
  if (lead < 0) return 0.5
  return Math.pow(0.5, lead / HALF_LIFE_SECONDS)
}

/**
 * Ranks changes for a burn that began at `onset`: changes after the onset (beyond a short grace)
 * or older than the lookback are dropped; ties go to the more recent change.
 */
export function rankChanges(
  changes: readonly ChangeRecord[],
  scope: TargetScope,
  onset: Date,
  opts: { lookbackSeconds?: number } = {},
): RankedChange[] {
  const lookback = opts.lookbackSeconds ?? LOOKBACK_SECONDS
  const out: RankedChange[] = []
  for (const c of changes) {
    const lead = (onset.getTime() - Date.parse(c.at)) / 1000
    if (!Number.isFinite(lead) || lead > lookback) continue
    const r = recencyWeight(lead)
    if (r === 0) continue
    const match = matchLevel(c, scope)
    const score = MATCH_WEIGHT[match] * r * KIND_WEIGHT[c.kind]
    const reasons = [
      MATCH_REASON[match],
      lead >= 0 ? `${formatLead(lead)} before onset` : `${formatLead(-lead)} after onset`,
      `${c.kind} change`,
    ]
    out.push({ ...c, score: Math.round(score * 1000) / 1000, match, leadSeconds: Math.round(lead), reasons })
  }
  return out.sort((a, b) => b.score - a.score || a.leadSeconds - b.leadSeconds)
}

function formatLead(s: number): string {
  if (s < 90) return `${Math.round(s)}s`
  if (s < 5400) return `${Math.round(s / 60)}m`
  return `${Math.round((s / 3600) * 10) / 10}h`
}
