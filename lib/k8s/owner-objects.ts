/**
 * The owner objects behind a route (issue 14.3): which Flux Kustomization / HelmRelease, Argo CD
 * Application or Argo Rollout a route's metadata names, what state it is in, and the patches of
 * the owner's own path (suspend, disable auto-sync, abort, promote). Pure: the I/O is in
 * lib/k8s/owner-writes.ts. Malformed objects never throw; a missing field reads as "not set".
 */
import type { OwnedMeta } from '@/lib/k8s/ownership'

export type OwnerObjectKind = 'Kustomization' | 'HelmRelease' | 'Application' | 'Rollout'

export interface OwnerObjectRef {
  kind: OwnerObjectKind
  namespace: string
  name: string
}

/** API group, version and plural of each kind (versions as installed by dev/cluster/cluster.sh). */
export const OWNER_API: Record<OwnerObjectKind, { group: string; version: string; plural: string }> = {
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases' },
  Application: { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' },
  Rollout: { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' },
}

/** Argo CD's control-plane namespace: Applications without a namespace prefix live here. */
export const ARGOCD_NAMESPACE = 'argocd'

const enc = encodeURIComponent
export function ownerPath(ref: OwnerObjectRef, subresource?: 'status'): string {
  const a = OWNER_API[ref.kind]
  return `/apis/${a.group}/${a.version}/namespaces/${enc(ref.namespace)}/${a.plural}/${enc(ref.name)}${subresource ? `/${subresource}` : ''}`
}
export const rolloutsPath = (namespace: string) =>
  `/apis/${OWNER_API.Rollout.group}/${OWNER_API.Rollout.version}/namespaces/${enc(namespace)}/rollouts`

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/
const validName = (v: string | undefined): v is string => Boolean(v && v.length <= 253 && NAME.test(v))

/**
 * An Argo CD app name as it appears in the instance label or tracking-id: "name", or
 * "namespace_name" for an Application outside the control-plane namespace (apps in any namespace).
 */
export function argoAppRef(app: string | undefined): OwnerObjectRef | null {
  if (!app) return null
  const [ns, name] = app.includes('_') ? app.split('_', 2) : [ARGOCD_NAMESPACE, app]
  return validName(ns) && validName(name) ? { kind: 'Application', namespace: ns, name } : null
}

/** The GitOps object that re-applies this route, from its labels and annotations (null: none). */
export function gitopsOwnerOf(meta: OwnedMeta | null | undefined): OwnerObjectRef | null {
  if (!isRecord(meta)) return null
  const labels: Record<string, unknown> = isRecord(meta.labels) ? meta.labels : {}
  const annotations: Record<string, unknown> = isRecord(meta.annotations) ? meta.annotations : {}
  const instance = str(labels['argocd.argoproj.io/instance'])
  // tracking-id: "<app>:<group>/<kind>:<namespace>/<name>"
  const tracking = str(annotations['argocd.argoproj.io/tracking-id'])?.split(':')[0]
  const app = argoAppRef(instance) ?? argoAppRef(tracking)
  if (app) return app
  for (const [kind, prefix] of [
    ['Kustomization', 'kustomize.toolkit.fluxcd.io'],
    ['HelmRelease', 'helm.toolkit.fluxcd.io'],
  ] as const) {
    const name = str(labels[`${prefix}/name`])
    const namespace = str(labels[`${prefix}/namespace`])
    if (validName(name) && validName(namespace)) return { kind, namespace, name }
  }
  return null
}

/** The Rollout that controls the route through an owner reference, if any. */
export function rolloutOwnerRef(
  meta: OwnedMeta | null | undefined,
  namespace: string,
): OwnerObjectRef | null {
  const refs = isRecord(meta) && Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []
  const ctl = refs.find(
    (r) => isRecord(r) && r.kind === 'Rollout' && String(r.apiVersion ?? '').startsWith('argoproj.io/'),
  )
  return ctl && validName(ctl.name) ? { kind: 'Rollout', namespace, name: ctl.name } : null
}

/**
 * The HTTPRoutes a Rollout's Gateway API traffic-router plugin writes
 * (spec.strategy.canary.trafficRouting.plugins["argoproj-labs/gatewayAPI"]: `httpRoute` or
 * `httpRoutes[].name`, in `namespace` or the Rollout's).
 */
export function rolloutRoutes(rollout: unknown): { namespace: string | null; name: string }[] {
  if (!isRecord(rollout)) return []
  const spec = isRecord(rollout.spec) ? rollout.spec : {}
  const strategy = isRecord(spec.strategy) ? spec.strategy : {}
  const canary = isRecord(strategy.canary) ? strategy.canary : {}
  const tr = isRecord(canary.trafficRouting) ? canary.trafficRouting : {}
  const plugins = isRecord(tr.plugins) ? tr.plugins : {}
  const out: { namespace: string | null; name: string }[] = []
  for (const [key, cfg] of Object.entries(plugins)) {
    if (!/gatewayapi/i.test(key) || !isRecord(cfg)) continue
    const ns = str(cfg.namespace) ?? null
    const one = str(cfg.httpRoute)
    if (one) out.push({ namespace: ns, name: one })
    if (Array.isArray(cfg.httpRoutes))
      for (const r of cfg.httpRoutes) {
        const n = isRecord(r) ? str(r.name) : undefined
        if (n) out.push({ namespace: ns, name: n })
      }
  }
  return out
}

/** The state the page shows and the actions start from. */
export interface OwnerObjectState {
  ref: OwnerObjectRef
  resourceVersion: string
  /** Flux: spec.suspend */
  suspended?: boolean
  /** Argo CD: spec.syncPolicy.automated is set (and not `enabled: false`) */
  autoSync?: boolean
  selfHeal?: boolean
  /** Argo CD: where the manifests come from, for "change it in Git" */
  source?: { repoURL: string | null; path: string | null; targetRevision: string | null }
  /** Argo Rollouts */
  rollout?: {
    phase: string | null
    aborted: boolean
    paused: boolean
    step: number | null
    steps: number
  }
}

export function ownerState(ref: OwnerObjectRef, obj: unknown): OwnerObjectState {
  const o = isRecord(obj) ? obj : {}
  const meta = isRecord(o.metadata) ? o.metadata : {}
  const spec = isRecord(o.spec) ? o.spec : {}
  const status = isRecord(o.status) ? o.status : {}
  const state: OwnerObjectState = { ref, resourceVersion: str(meta.resourceVersion) ?? '' }
  if (ref.kind === 'Kustomization' || ref.kind === 'HelmRelease') state.suspended = spec.suspend === true
  if (ref.kind === 'Application') {
    const sp = isRecord(spec.syncPolicy) ? spec.syncPolicy : {}
    const auto = isRecord(sp.automated) ? sp.automated : null
    state.autoSync = auto !== null && auto.enabled !== false
    state.selfHeal = auto?.selfHeal === true
    const src = isRecord(spec.source)
      ? spec.source
      : Array.isArray(spec.sources) && isRecord(spec.sources[0])
        ? spec.sources[0]
        : {}
    state.source = {
      repoURL: str(src.repoURL) ?? null,
      path: str(src.path) ?? str(src.chart) ?? null,
      targetRevision: str(src.targetRevision) ?? null,
    }
  }
  if (ref.kind === 'Rollout') {
    const strategy = isRecord(spec.strategy) ? spec.strategy : {}
    const canary = isRecord(strategy.canary) ? strategy.canary : {}
    const steps = Array.isArray(canary.steps) ? canary.steps.length : 0
    const idx = typeof status.currentStepIndex === 'number' ? status.currentStepIndex : null
    const pauses = Array.isArray(status.pauseConditions) ? status.pauseConditions.length : 0
    state.rollout = {
      phase: str(status.phase) ?? null,
      aborted: status.abort === true,
      paused: spec.paused === true || pauses > 0 || status.controllerPause === true,
      step: idx,
      steps,
    }
  }
  return state
}

/** Annotation on the Application keeping the automated policy auto-sync was disabled from. */
export const PREVIOUS_AUTOMATED = 'aire.dev/previous-automated'

export function previousAutomated(obj: unknown): Record<string, unknown> | null {
  const meta = isRecord(obj) && isRecord(obj.metadata) ? obj.metadata : {}
  const ann = isRecord(meta.annotations) ? meta.annotations : {}
  const raw = str(ann[PREVIOUS_AUTOMATED])
  if (!raw) return null
  try {
    const v: unknown = JSON.parse(raw)
    return isRecord(v) ? v : null
  } catch {
    return null
  }
}

export function automatedOf(obj: unknown): Record<string, unknown> | null {
  const spec = isRecord(obj) && isRecord(obj.spec) ? obj.spec : {}
  const sp = isRecord(spec.syncPolicy) ? spec.syncPolicy : {}
  return isRecord(sp.automated) ? sp.automated : null
}

/**
 * `kubectl argo rollouts promote` (argo-rollouts v1.10 pkg/kubectl-argo-rollouts/cmd/promote,
 * without --full): unpause the spec if paused; clear pause conditions if any, else move to the next
 * canary step. Returns the spec patch and the status patch (either may be null).
 */
export function promotePatches(obj: unknown): { spec: unknown; status: unknown } {
  const o = isRecord(obj) ? obj : {}
  const spec = isRecord(o.spec) ? o.spec : {}
  const status = isRecord(o.status) ? o.status : {}
  const specPatch = spec.paused === true ? { spec: { paused: false } } : null
  const pauses = Array.isArray(status.pauseConditions) ? status.pauseConditions.length : 0
  const strategy = isRecord(spec.strategy) ? spec.strategy : {}
  const canary = isRecord(strategy.canary) ? strategy.canary : null
  const steps = canary && Array.isArray(canary.steps) ? canary.steps.length : 0
  let statusPatch: unknown = null
  if (pauses > 0) statusPatch = { status: { pauseConditions: null } }
  else if (canary && steps > 0) {
    const idx = typeof status.currentStepIndex === 'number' ? status.currentStepIndex : 0
    statusPatch = { status: { pauseConditions: null, currentStepIndex: Math.min(idx + 1, steps) } }
  }
  return { spec: specPatch, status: statusPatch }
}

/** `kubectl argo rollouts abort`: a merge patch of the status subresource. */
export const ABORT_PATCH = { status: { abort: true } } as const
