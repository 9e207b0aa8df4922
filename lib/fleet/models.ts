/**
 * Model deployments grouped by model, from cached objects: pure, no I/O. Like the inventory, no
 * per-user filtering: every console user may read every deployment (see inventory.ts).
 */
import { LABEL, isMigResource, GPU_RESOURCE } from '@/lib/k8s/labels'
import { cmp } from './compare'
import { revisionHistory, ownedReplicaSets, type RevisionView } from './revisions'
import { rolloutStatus, type RolloutState, type RolloutStatus } from './rollout'
import { objectivesByPool, type PoolObjective } from './objectives'
import { poolShares, type PoolTraffic } from './traffic'
import type { FleetCluster } from '@/lib/k8s/watch/types'
import type { ContainerLite, DeploymentLite, OwnerLite, Quantities } from '@/lib/k8s/watch/types'

export interface ModelVersionView {
  key: string
  cluster: string
  namespace: string
  deployment: string
  team: string | null
  model: string
  /** vLLM --model (the Hugging Face id), when set. */
  servedModel: string | null
  version: string
  track: string | null
  desired: number
  ready: number
  updated: number
  available: number
  gpuPerReplica: Quantities
  /** DRA claims per replica (one device each in the common case). */
  claimsPerReplica: number
  /** Whole GPUs + MIG slices + DRA claims of one replica. */
  gpusPerReplica: number
  gpusTotal: number
  pools: string[]
  /** InferenceObjectives per pool key (every pool of `pools`, [] when none) */
  objectives: Record<string, PoolObjective[]>
  /** False when the cluster has no InferenceObjective API: "none" would say too much */
  objectivesServed: boolean
  traffic: PoolTraffic[]
  /** who else writes the pod template (Helm, Argo CD, an operator …); null when unknown */
  owner: OwnerLite | null
  rollout: RolloutStatus
  revision: string | null
  images: string[]
  revisions: RevisionView[]
  createdAt: string | null
}

export interface ModelGroup {
  model: string
  servedModel: string | null
  teams: string[]
  clusters: string[]
  versions: ModelVersionView[]
  desired: number
  ready: number
  gpus: number
  serving: boolean
  /** The least healthy rollout state among its versions. */
  rollout: RolloutState
}

/** vLLM's model: `--model=X`, `--model X`, or the positional of `vllm serve X`. */
export function servedModelArg(containers: readonly ContainerLite[]): string | null {
  for (const c of containers) {
    const argv = [...c.command, ...c.args]
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!
      if (a.startsWith('--model=')) return a.slice('--model='.length) || null
      if (a === '--model' && argv[i + 1]) return argv[i + 1]!
      if (a === 'serve' && argv[i + 1] && !argv[i + 1]!.startsWith('-')) return argv[i + 1]!
    }
  }
  return null
}

/** A deployment's model id: label aire.dev/model, else --model. Endpoint pickers and other helpers are not models. */
export function modelOf(d: DeploymentLite): { model: string; served: string | null } | null {
  const component = d.labels[LABEL.component]
  if (component && component !== 'model-server') return null
  const served = servedModelArg(d.containers)
  const model = d.labels[LABEL.model] ?? served
  return model ? { model, served } : null
}

export function gpusPerReplica(gpu: Quantities, claims: number): number {
  let n = claims
  for (const [res, v] of Object.entries(gpu)) if (res === GPU_RESOURCE || isMigResource(res)) n += v
  return n
}

function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector)
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v)
}

function groupBy<T>(items: Iterable<T>, key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const t of items) {
    const k = key(t)
    const list = m.get(k)
    if (list) list.push(t)
    else m.set(k, [t])
  }
  return m
}

const ROLLOUT_RANK: Record<RolloutState, number> = { stalled: 3, paused: 2, progressing: 1, complete: 0 }

function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

export function buildModels(clusters: readonly FleetCluster[]): ModelGroup[] {
  const groups = new Map<string, ModelGroup>()
  for (const c of clusters) {
    const nsTeam = new Map<string, string>()
    for (const ns of c.namespaces) if (ns.team) nsTeam.set(ns.name, ns.team)
    const shares = poolShares(c.httproutes)
    const objectives = objectivesByPool(c.inferenceobjectives ?? [])
    const poolsByNs = groupBy(c.inferencepools, (p) => p.namespace)
    const rsByNs = groupBy(c.replicasets, (rs) => rs.namespace)
    for (const d of c.deployments) {
      const m = modelOf(d)
      if (!m) continue
      const myPools = (poolsByNs.get(d.namespace) ?? []).filter((p) => matches(p.selector, d.templateLabels))
      const poolKeys = myPools.map((p) => `${p.namespace}/${p.name}`)
      const per = gpusPerReplica(d.gpuPerReplica, d.claimTemplates)
      const view: ModelVersionView = {
        key: `${c.name}/${d.namespace}/${d.name}`,
        cluster: c.name,
        namespace: d.namespace,
        deployment: d.name,
        owner: d.owner ?? null,
        team: d.labels[LABEL.team] ?? nsTeam.get(d.namespace) ?? null,
        model: m.model,
        servedModel: m.served,
        version: d.labels[LABEL.version] ?? d.revision ?? '—',
        track: d.labels[LABEL.track] ?? null,
        desired: d.replicas,
        ready: d.status.ready,
        updated: d.status.updated,
        available: d.status.available,
        gpuPerReplica: d.gpuPerReplica,
        claimsPerReplica: d.claimTemplates,
        gpusPerReplica: per,
        gpusTotal: per * d.replicas,
        pools: poolKeys,
        objectives: Object.fromEntries(poolKeys.map((k) => [k, objectives.get(k) ?? []])),
        objectivesServed: c.objectivesServed ?? true,
        traffic: poolKeys.flatMap((k) => shares.get(k) ?? []),
        rollout: rolloutStatus(d),
        revision: d.revision,
        images: d.containers.map((x) => x.image),
        revisions: revisionHistory(d, ownedReplicaSets(d, rsByNs.get(d.namespace) ?? [])),
        createdAt: d.createdAt,
      }
      let g = groups.get(m.model)
      if (!g) {
        g = {
          model: m.model,
          servedModel: m.served,
          teams: [],
          clusters: [],
          versions: [],
          desired: 0,
          ready: 0,
          gpus: 0,
          serving: false,
          rollout: 'complete',
        }
        groups.set(m.model, g)
      }
      g.versions.push(view)
      g.servedModel ??= m.served
      if (view.team && !g.teams.includes(view.team)) g.teams.push(view.team)
      if (!g.clusters.includes(c.name)) g.clusters.push(c.name)
      g.desired += view.desired
      g.ready += view.ready
      g.gpus += view.gpusTotal
      g.serving ||= view.ready > 0
      if (ROLLOUT_RANK[view.rollout.state] > ROLLOUT_RANK[g.rollout]) g.rollout = view.rollout.state
    }
  }
  const out = [...groups.values()]
  for (const g of out) {
    g.teams.sort()
    g.clusters.sort()
    g.versions.sort(
      (a, b) =>
        compareVersions(a.version, b.version) || cmp(a.cluster, b.cluster) || cmp(a.deployment, b.deployment),
    )
  }
  return out.sort((a, b) => cmp(a.model, b.model))
}

export interface ModelQuery {
  cluster?: string
  team?: string
  q?: string
}

export function filterModels(groups: readonly ModelGroup[], q: ModelQuery): ModelGroup[] {
  const needle = q.q?.toLowerCase()
  const out: ModelGroup[] = []
  for (const g of groups) {
    if (
      needle &&
      !g.model.toLowerCase().includes(needle) &&
      !(g.servedModel ?? '').toLowerCase().includes(needle)
    )
      continue
    const versions = g.versions.filter(
      (v) => (!q.cluster || v.cluster === q.cluster) && (!q.team || v.team === q.team),
    )
    if (versions.length === 0) continue
    if (versions.length === g.versions.length) {
      out.push(g)
      continue
    }
    // Recompute the group's totals over the versions in scope.
    out.push({
      ...g,
      versions,
      clusters: [...new Set(versions.map((v) => v.cluster))].sort(),
      teams: [...new Set(versions.flatMap((v) => (v.team ? [v.team] : [])))].sort(),
      desired: versions.reduce((a, v) => a + v.desired, 0),
      ready: versions.reduce((a, v) => a + v.ready, 0),
      gpus: versions.reduce((a, v) => a + v.gpusTotal, 0),
      serving: versions.some((v) => v.ready > 0),
      rollout: versions.reduce<RolloutState>(
        (w, v) => (ROLLOUT_RANK[v.rollout.state] > ROLLOUT_RANK[w] ? v.rollout.state : w),
        'complete',
      ),
    })
  }
  return out
}
