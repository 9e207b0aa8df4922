import 'server-only'
import { canOperate, kubernetesIdentity, type SessionUser } from '@/lib/auth/permissions'
import { TEAM_LABEL } from '@/lib/k8s/namespace-team'
import { paths } from '@/lib/k8s/paths'
import { k8sRequest } from '@/lib/k8s/request'
import { resolveRouteLive } from '@/lib/fleet/live-backends'
import { modelsView } from '@/lib/fleet/read-fleet'
import { saturationView } from '@/lib/fleet/saturation'
import { targetSaturation, type TargetSaturation } from '@/lib/fleet/saturation-math'
import type { HTTPRoute, ObjectMeta } from '@/lib/k8s/types'
import { watchCache } from '@/lib/k8s/watch/cache'
import { deploymentHistory } from '@/lib/k8s/rollback-deployment'
import { log } from '@/lib/observability/log'
import { collectChanges } from './collect-changes'
import { burnChart, type BurnChart } from './history'
import { onsetOf } from './onset'
import { rankChanges, type RankedChange, type TargetScope } from './rank-changes'
import type { SloStatus } from './status'
import { getSlo } from './store'
import type { SloDefinition } from './types'
import { annotationsOf, type Annotation } from './annotations'
import { statusOf } from './views'

/** How far back the triage view looks: the SLI and burn over the last hours, changes over a day. */
export const TRIAGE_HOURS = 6
/** One point a minute (both ends included): the 5m burn and the onset at half the work of 30 s. */
const TRIAGE_POINTS = TRIAGE_HOURS * 60 + 1
const CHANGES_LOOKBACK_MS = 24 * 3600_000

export interface ShiftOption {
  cluster: string
  namespace: string
  name: string
  ruleIndex: number
  stable: string
  /** Share of traffic on non-stable backends now, 0..1. */
  offStable: number
  allowed: boolean
}

export interface RollbackOption {
  cluster: string
  namespace: string
  name: string
  fromRevision: number
  toRevision: number
  /** The Deployment's generation: the rollback's precondition. */
  generation: number
  allowed: boolean
}

export interface TriageDetail {
  /** ISO time the view was computed for. */
  generatedAt: string
  slo: SloDefinition
  status: SloStatus
  chart: BurnChart | null
  chartError: string | null
  onset: string | null
  suspects: RankedChange[]
  annotations: Annotation[]
  scope: TargetScope
  shifts: ShiftOption[]
  rollbacks: RollbackOption[]
  /** The target's pools now: tells "overloaded" from "this version is worse". */
  saturation: TargetSaturation
}

/**
 * Shift-to-stable options: each route of the target on each cluster, read fresh (the stable
 * backend shown is the action's precondition), with its namespace's InferencePools and Services
 * labelled aire.dev/track=stable, exactly as the action decides (lib/fleet/backends.ts).
 */
async function shiftOptions(user: SessionUser, scope: TargetScope): Promise<ShiftOption[]> {
  const cache = watchCache()
  const reads = cache
    .clusterNames()
    .filter((c) => !scope.cluster || c === scope.cluster)
    .flatMap((cluster) =>
      scope.routes.map((r) => ({ cluster, ns: r.split('/')[0]!, name: r.split('/')[1]! })),
    )
  const found = await Promise.all(
    reads.map(async ({ cluster, ns, name }) => {
      const get = <T>(path: string) =>
        k8sRequest<T>(cluster, { method: 'GET', path }).then(
          (r) => (r.status === 200 ? r.body : null),
          () => null,
        )
      const [route, namespace] = await Promise.all([
        get<HTTPRoute>(paths.httpRoute(ns, name)),
        get<{ metadata: ObjectMeta }>(paths.namespace(ns)),
      ])
      if (!route) return null
      const rules = await resolveRouteLive(cluster, route)
      return { cluster, route, rules, team: namespace?.metadata.labels?.[TEAM_LABEL] ?? null }
    }),
  )
  const out: ShiftOption[] = []
  for (const f of found) {
    if (!f) continue
    f.rules.forEach((rule, ruleIndex) => {
      if (rule.stable.index === null || rule.backends.length < 2) return
      const sum = rule.backends.reduce((a, b) => a + b.weight, 0)
      const stable = rule.stable.backend
      out.push({
        cluster: f.cluster,
        namespace: f.route.metadata.namespace ?? '',
        name: f.route.metadata.name,
        ruleIndex,
        stable: stable.name,
        offStable: sum > 0 ? (sum - stable.weight) / sum : 0,
        allowed: canOperate(user, f.team),
      })
    })
  }
  return out
}

/**
 * Saturation of the pools that serve the target: every version of a model target (a burning
 * canary beside an overloaded stable says something too), one version's pools for a version
 * target, the versions behind the route for a route target.
 */
async function saturationOf(slo: SloDefinition, scope: TargetScope): Promise<TargetSaturation> {
  const [view, sat] = await Promise.all([
    modelsView({ cluster: scope.cluster ?? undefined }),
    saturationView(),
  ])
  return targetSaturation(
    view.models,
    {
      model: scope.model,
      version: scope.version,
      cluster: scope.cluster,
      routes: slo.target.kind === 'route' ? scope.routes : undefined,
    },
    sat,
  )
}

/** Roll back the Deployments of the top suspected rollouts to the revision before. */
async function rollbackOptions(user: SessionUser, suspects: RankedChange[]): Promise<RollbackOption[]> {
  const seen = new Set<string>()
  const wanted = suspects
    .filter((s) => s.kind === 'rollout' && s.cluster && s.namespace && s.name && s.match !== 'other')
    .filter((s) => {
      const k = `${s.cluster}/${s.namespace}/${s.name}`
      return seen.has(k) ? false : (seen.add(k), true)
    })
    .slice(0, 3)
  const as = kubernetesIdentity(user)
  const out = await Promise.all(
    wanted.map(async (s): Promise<RollbackOption | null> => {
      try {
        const h = await deploymentHistory(s.cluster!, s.namespace!, s.name!, as)
        const current = h.revisions.find((r) => r.current) ?? h.revisions[0]
        const previous = h.revisions.find((r) => current && r.revision < current.revision)
        if (!current || !previous) return null
        return {
          cluster: s.cluster!,
          namespace: s.namespace!,
          name: s.name!,
          fromRevision: current.revision,
          toRevision: previous.revision,
          generation: h.generation,
          allowed: canOperate(user, s.team),
        }
      } catch (e) {
        log.warn('triage: deployment history unavailable', { deployment: s.name, error: e })
        return null
      }
    }),
  )
  return out.filter((x): x is RollbackOption => x !== null)
}

export async function triageDetail(
  user: SessionUser,
  id: string,
  now = new Date(),
): Promise<TriageDetail | null> {
  const slo = await getSlo(id)
  if (!slo) return null
  const start = new Date(now.getTime() - TRIAGE_HOURS * 3600_000)
  const changes = collectChanges(
    slo,
    new Date(now.getTime() - CHANGES_LOOKBACK_MS - TRIAGE_HOURS * 3600_000),
    now,
  )
  // The shift options need only the target's routes: read them while Prometheus draws the chart.
  const shiftsP = changes.then((ctx) => shiftOptions(user, ctx.scope)).catch((): ShiftOption[] => [])
  const saturationP = changes
    .then((ctx) => saturationOf(slo, ctx.scope))
    .catch((e: unknown): TargetSaturation => {
      log.warn('triage: pool saturation unavailable', { error: e })
      return { status: 'unavailable', at: null, pools: [], verdict: 'unknown' }
    })
  const [status, chart, ctx] = await Promise.all([
    statusOf(slo),
    burnChart(slo, { start, end: now }, TRIAGE_POINTS).then(
      (c) => ({ c, e: null as string | null }),
      () => ({ c: null, e: 'The burn history could not be read from Prometheus.' }),
    ),
    changes,
  ])
  const onset = chart.c ? onsetOf(chart.c, status, slo.windowDays) : null
  const suspects = rankChanges(ctx.changes, ctx.scope, onset ?? now).slice(0, 10)
  const [shifts, rollbacks, saturation] = await Promise.all([
    shiftsP,
    rollbackOptions(user, suspects),
    saturationP,
  ])
  return {
    generatedAt: now.toISOString(),
    slo,
    status,
    chart: chart.c,
    chartError: chart.e,
    onset: onset?.toISOString() ?? null,
    suspects,
    annotations: annotationsOf(
      ctx.changes.filter((c) => Date.parse(c.at) >= start.getTime()),
      ctx.scope,
    ),
    scope: ctx.scope,
    shifts,
    rollbacks,
    saturation,
  }
}
