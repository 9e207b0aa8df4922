/**
 * Changes around a burn, from the sources the console sees, as ChangeRecords for rank-changes.ts.
 * Pure: the server collector (collect-changes.ts) feeds it audit rows and watch-cache objects.
 *   audit        changes made through the console (applied only)
 *   replicaset   Deployment rollouts: a ReplicaSet revision created in the range
 *   event        Events on Deployments, HTTPRoutes and InferencePools from anyone else
 */
import type {
  DeploymentLite,
  EventLite,
  HTTPRouteLite,
  InferencePoolLite,
  ReplicaSetLite,
} from '@/lib/k8s/watch/types'
import { LABEL } from '@/lib/k8s/labels'
import type { ChangeKind, ChangeRecord, TargetScope } from './rank-changes'
import type { SloDefinition } from './types'

const MODEL_LABEL = LABEL.model
const VERSION_LABEL = LABEL.version

export interface AuditLike {
  id: string
  at: Date | string
  actor: string
  action: string
  result: string
  cluster: string | null
  namespace: string | null
  kind: string | null
  name: string | null
  team: string | null
  after: string | null
}

export interface ClusterObjects {
  cluster: string
  deployments: Iterable<DeploymentLite>
  replicasets: Iterable<ReplicaSetLite>
  events: Iterable<EventLite>
  httproutes: Iterable<HTTPRouteLite>
  inferencepools: Iterable<InferencePoolLite>
  /** namespace → team */
  teams: ReadonlyMap<string, string>
}

export const AUDIT_KINDS: Record<string, ChangeKind> = {
  'route.weights': 'weights',
  'route.shift-to-stable': 'shift-to-stable',
  'deployment.rollback': 'rollback',
  'quota.gpu': 'quota',
  'quota.tokens': 'token-limit',
  revert: 'revert',
}

/** Actions a triage "Revert" button may undo (lib/actions/specs/revert.ts REVERTIBLE, HTTPRoute/ResourceQuota). */
const REVERTIBLE = new Set(['route.weights', 'route.shift-to-stable', 'quota.gpu', 'revert'])

interface ModelRef {
  model: string
  version: string | null
}

/** Which model (and version) each pool, deployment and route of one cluster belongs to. */
export class ModelIndex {
  private readonly pools = new Map<string, ModelRef>()
  private readonly deployments = new Map<string, ModelRef>()
  private readonly routes = new Map<string, ModelRef>()
  readonly routeModels = new Map<string, Set<string>>()

  constructor(objs: ClusterObjects) {
    for (const d of objs.deployments) {
      const model = d.labels[MODEL_LABEL]
      if (model)
        this.deployments.set(`${d.namespace}/${d.name}`, { model, version: d.labels[VERSION_LABEL] ?? null })
    }
    for (const p of objs.inferencepools) {
      const model = p.labels[MODEL_LABEL] ?? p.selector[MODEL_LABEL]
      const version = p.labels[VERSION_LABEL] ?? p.selector[VERSION_LABEL] ?? null
      if (model) this.pools.set(`${p.namespace}/${p.name}`, { model, version })
    }
    for (const r of objs.httproutes) {
      const models = new Set<string>()
      for (const rule of r.rules)
        for (const b of rule.backendRefs) {
          const m =
            this.pools.get(`${b.namespace}/${b.name}`) ?? this.deployments.get(`${b.namespace}/${b.name}`)
          if (m) models.add(m.model)
        }
      this.routeModels.set(`${r.namespace}/${r.name}`, models)
      const only = [...models]
      // A route of one model belongs to it; else fall back to the convention route name = model id.
      this.routes.set(`${r.namespace}/${r.name}`, {
        model: only.length === 1 ? only[0]! : r.name,
        version: null,
      })
    }
  }

  of(kind: string | null, namespace: string | null, name: string | null): ModelRef | null {
    if (!namespace || !name) return null
    const key = `${namespace}/${name}`
    if (kind === 'HTTPRoute') return this.routes.get(key) ?? { model: name, version: null }
    if (kind === 'InferencePool') return this.pools.get(key) ?? null
    if (kind === 'Deployment') return this.deployments.get(key) ?? null
    return null
  }
}

/** The routes and team an SLO's target spans (across clusters), for ranking and mitigation. */
export function targetScope(
  slo: SloDefinition,
  clusters: readonly ClusterObjects[],
  indexes: readonly ModelIndex[],
): TargetScope {
  const t = slo.target
  const routes = new Set<string>()
  if (t.kind === 'route' && t.namespace && t.route) routes.add(`${t.namespace}/${t.route}`)
  else if (t.model) {
    clusters.forEach((c, i) => {
      if (t.cluster && c.cluster !== t.cluster) return
      for (const [route, models] of indexes[i]!.routeModels) if (models.has(t.model!)) routes.add(route)
    })
  }
  let model = t.model
  if (t.kind === 'route' && !model && t.namespace && t.route) {
    for (const idx of indexes) model ??= idx.of('HTTPRoute', t.namespace, t.route)?.model ?? null
  }
  return {
    team: slo.team,
    model,
    version: t.kind === 'version' ? t.version : null,
    routes: [...routes].sort(),
    cluster: t.cluster,
  }
}

function auditSummary(a: AuditLike): string {
  const obj = [a.namespace, a.name].filter(Boolean).join('/')
  const what: Record<string, string> = {
    'route.weights': 'set weights of',
    'route.shift-to-stable': 'shifted to stable',
    'deployment.rollback': 'rolled back',
    'quota.gpu': 'changed GPU quota of',
    'quota.tokens': 'changed token limit of',
    revert: 'reverted a change to',
  }
  let detail = ''
  if (a.action === 'route.weights' || a.action === 'route.shift-to-stable' || a.action === 'revert') {
    try {
      const after = JSON.parse(a.after ?? 'null') as { backends?: { name: string; weight: number }[] } | null
      if (after?.backends) detail = ` → ${after.backends.map((b) => `${b.name}=${b.weight}`).join(', ')}`
    } catch {
      detail = ''
    }
  }
  return `${a.actor} ${what[a.action] ?? a.action} ${a.kind ?? ''} ${obj}${detail}`
    .replace(/\s+/g, ' ')
    .trim()
}

const inRange = (t: number, since: number, until: number) => Number.isFinite(t) && t >= since && t <= until

/** Every change in [since, until] from the three sources; events duplicating an audit record are dropped. */
export function buildChanges(
  audits: readonly AuditLike[],
  clusters: readonly ClusterObjects[],
  indexes: readonly ModelIndex[],
  since: Date,
  until: Date,
): ChangeRecord[] {
  const lo = since.getTime()
  const hi = until.getTime()
  const out: ChangeRecord[] = []
  const idxOf = (cluster: string | null) => indexes[clusters.findIndex((c) => c.cluster === cluster)] ?? null
  for (const a of audits) {
    const kind = AUDIT_KINDS[a.action]
    const at = new Date(a.at).getTime()
    if (!kind || a.result !== 'applied' || !inRange(at, lo, hi)) continue
    const ref = idxOf(a.cluster)?.of(a.kind, a.namespace, a.name) ?? null
    out.push({
      id: `audit:${a.id}`,
      source: 'audit',
      kind,
      at: new Date(at).toISOString(),
      actor: a.actor,
      summary: auditSummary(a),
      cluster: a.cluster,
      namespace: a.namespace,
      objectKind: a.kind,
      name: a.name,
      team: a.team,
      model: ref?.model ?? (a.kind === 'HTTPRoute' ? a.name : null),
      version: ref?.version ?? null,
      auditId: a.id,
      revertible: REVERTIBLE.has(a.action) && (a.kind === 'HTTPRoute' || a.kind === 'ResourceQuota'),
    })
  }
  clusters.forEach((c, i) => {
    const idx = indexes[i]!
    const deployments = new Map([...c.deployments].map((d) => [`${d.namespace}/${d.name}`, d]))
    for (const rs of c.replicasets) {
      const at = Date.parse(rs.createdAt ?? '')
      if (!rs.owner || rs.owner.kind !== 'Deployment' || !inRange(at, lo, hi)) continue
      const ref = idx.of('Deployment', rs.namespace, rs.owner.name)
      const d = deployments.get(`${rs.namespace}/${rs.owner.name}`)
      const images = rs.containers.map((x) => x.image).join(', ')
      out.push({
        id: `rs:${c.cluster}/${rs.namespace}/${rs.name}`,
        source: 'replicaset',
        kind: 'rollout',
        at: new Date(at).toISOString(),
        actor: null,
        summary: `Deployment ${rs.namespace}/${rs.owner.name} rolled out revision ${rs.revision ?? '?'}${images ? ` (${images})` : ''}${rs.changeCause ? `: ${rs.changeCause}` : ''}`,
        cluster: c.cluster,
        namespace: rs.namespace,
        objectKind: 'Deployment',
        name: rs.owner.name,
        team: c.teams.get(rs.namespace) ?? d?.labels[LABEL.team] ?? null,
        model: ref?.model ?? null,
        version: ref?.version ?? null,
      })
    }
    for (const e of c.events) {
      const at = Date.parse(e.lastTimestamp ?? '')
      const kind = e.involved.kind
      if (!['Deployment', 'HTTPRoute', 'InferencePool'].includes(kind) || !inRange(at, lo, hi)) continue
      // The deployment controller's scaling events restate rollouts the ReplicaSets already show.
      if (e.reason === 'ScalingReplicaSet') continue
      const dup = out.some(
        (o) =>
          o.source === 'audit' &&
          o.cluster === c.cluster &&
          o.namespace === e.involved.namespace &&
          o.name === e.involved.name &&
          Math.abs(Date.parse(o.at) - at) < 60_000,
      )
      if (dup) continue
      const ref = idx.of(kind, e.involved.namespace, e.involved.name)
      out.push({
        id: `event:${c.cluster}/${e.namespace}/${e.name}`,
        source: 'event',
        kind: kind === 'HTTPRoute' ? 'weights' : 'event',
        at: new Date(at).toISOString(),
        actor: null,
        summary: `${kind} ${e.involved.namespace}/${e.involved.name}: ${e.reason}${e.message ? ` — ${e.message}` : ''}`,
        cluster: c.cluster,
        namespace: e.involved.namespace,
        objectKind: kind,
        name: e.involved.name,
        team: c.teams.get(e.involved.namespace) ?? null,
        model: ref?.model ?? null,
        version: ref?.version ?? null,
      })
    }
  })
  return out.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
}
