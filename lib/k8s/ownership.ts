/**
 * Who owns the field an action writes, read from the object itself: the controller owner
 * reference, GitOps labels and annotations, and the managers in metadata.managedFields. A change
 * to a field another owner re-applies does not hold, so the console says so before Apply (and
 * refuses where the owner's controller overwrites it at once). Pure; malformed metadata never
 * throws, it yields an "unknown" owner.
 */

export interface OwnerReference {
  apiVersion?: string
  kind?: string
  name?: string
  uid?: string
  controller?: boolean
}

export interface ManagedFieldsEntry {
  manager?: string
  operation?: string
  time?: string
  subresource?: string
  fieldsV1?: unknown
}

export interface OwnedMeta {
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: OwnerReference[]
  managedFields?: ManagedFieldsEntry[]
}

export type OwnerKind =
  | 'argocd'
  | 'flux-kustomization'
  | 'flux-helmrelease'
  | 'helm'
  | 'argo-rollouts'
  | 'flagger'
  | 'operator'
  | 'kubectl-apply'
  | 'none'
  | 'unknown'

export interface Ownership {
  kind: OwnerKind
  /** the owner in a few words, for a badge: 'Argo CD app "llm-prod"' */
  label: string
  /** the managedFields manager that last wrote the field, when known */
  manager: string | null
  /** what the owner will do with a change of this field, in plain words */
  consequence: string
  /** allowed: no other owner; warn: allowed, the owner may undo it; refuse: the owner undoes it at once */
  write: 'allowed' | 'warn' | 'refuse'
}

/** The fields the console's actions write, as managedFields paths. */
export const FIELD = {
  routeWeights: ['spec', 'rules'],
  deploymentTemplate: ['spec', 'template'],
  quotaHard: ['spec', 'hard'],
} as const satisfies Record<string, readonly string[]>

const ARGOCD_MANAGERS = new Set(['argocd-controller', 'argocd-application-controller', 'argocd-server'])
const ROLLOUTS_MANAGERS = new Set(['rollouts-controller', 'argo-rollouts'])

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)

/**
 * Whether a managedFields entry owns `path` or something under it. Field segments are `f:<name>`;
 * once the path is used up, the entry owns the field (an atomic list shows as `f:rules: {}`).
 */
export function ownsPath(fieldsV1: unknown, path: readonly string[]): boolean {
  let node: unknown = fieldsV1
  for (const seg of path) {
    if (!isRecord(node)) return false
    node = node[`f:${seg}`]
    if (node === undefined) return false
  }
  return isRecord(node)
}

/** The manager that last wrote `path` (latest `time` among the entries that own it, status excluded). */
export function fieldManager(meta: OwnedMeta, path: readonly string[]): ManagedFieldsEntry | null {
  const entries = Array.isArray(meta.managedFields) ? meta.managedFields : []
  let best: ManagedFieldsEntry | null = null
  for (const e of entries) {
    if (!isRecord(e) || e.subresource === 'status' || !ownsPath(e.fieldsV1, path)) continue
    const t = Date.parse(text(e.time) ?? '') || 0
    const bt = best ? Date.parse(text(best.time) ?? '') || 0 : -1
    if (t >= bt) best = e
  }
  return best
}

function controllerOf(meta: OwnedMeta): OwnerReference | null {
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []
  return refs.find((r) => isRecord(r) && r.controller === true) ?? null
}

const group = (apiVersion: string | undefined) => (apiVersion ?? '').split('/')[0] ?? ''

/** The Argo CD application from the instance label or the tracking-id annotation ("app:group/kind:ns/name"). */
function argoApp(labels: Record<string, unknown>, annotations: Record<string, unknown>): string | null {
  const instance = text(labels['argocd.argoproj.io/instance'])
  if (instance) return instance
  const tracking = text(annotations['argocd.argoproj.io/tracking-id'])
  return tracking ? (tracking.split(':')[0] ?? null) || null : null
}

function owner(
  kind: OwnerKind,
  label: string,
  manager: string | null,
  consequence: string,
  write: Ownership['write'],
) {
  return { kind, label, manager, consequence, write }
}

/** Who owns `path` of this object, and what will happen to a change of it. */
export function ownerOf(meta: OwnedMeta | null | undefined, path: readonly string[]): Ownership {
  if (!isRecord(meta)) return owner('unknown', 'owner unknown', null, 'The object could not be read.', 'warn')
  try {
    const labels: Record<string, unknown> = isRecord(meta.labels) ? meta.labels : {}
    const annotations: Record<string, unknown> = isRecord(meta.annotations) ? meta.annotations : {}
    const managed = fieldManager(meta, path)
    const manager = text(managed?.manager) ?? null
    const ctl = controllerOf(meta)
    const ctlGroup = group(ctl?.apiVersion)
    if (ctl && ctl.kind === 'Rollout' && ctlGroup === 'argoproj.io')
      return owner(
        'argo-rollouts',
        `Argo Rollout "${ctl.name}"`,
        manager,
        `Argo Rollouts owns this object through Rollout "${ctl.name}" and resets it at every step: abort or promote the rollout instead.`,
        'refuse',
      )
    if (ctl && ctl.kind !== 'ReplicaSet' && ctl.kind !== 'Deployment' && path.join('.') === 'spec.template')
      return owner(
        'operator',
        `${ctl.kind} "${ctl.name}"`,
        manager,
        `${ctl.kind} "${ctl.name}" (${ctlGroup || 'core'}) controls this Deployment and overwrites its template: change the ${ctl.kind} instead.`,
        'refuse',
      )
    const app = argoApp(labels, annotations)
    if (app || (manager && ARGOCD_MANAGERS.has(manager)))
      return owner(
        'argocd',
        app ? `Argo CD app "${app}"` : 'Argo CD',
        manager,
        `Argo CD re-applies this object from Git${app ? ` (app "${app}")` : ''}: with auto-sync and self-heal it reverts this change within seconds, otherwise at the next sync. Change it in Git, or disable auto-sync first.`,
        'warn',
      )
    const ks = text(labels['kustomize.toolkit.fluxcd.io/name'])
    if (ks || manager === 'kustomize-controller') {
      const ns = text(labels['kustomize.toolkit.fluxcd.io/namespace'])
      const name = ks ? `${ns ? `${ns}/` : ''}${ks}` : ''
      return owner(
        'flux-kustomization',
        name ? `Flux Kustomization ${name}` : 'Flux Kustomization',
        manager,
        `Flux re-applies this object from Git at the Kustomization's next reconcile (minutes) and reverts this change. Suspend the Kustomization first, or change it in Git.`,
        'warn',
      )
    }
    const hr = text(labels['helm.toolkit.fluxcd.io/name'])
    if (hr || manager === 'helm-controller') {
      const ns = text(labels['helm.toolkit.fluxcd.io/namespace'])
      const name = hr ? `${ns ? `${ns}/` : ''}${hr}` : ''
      return owner(
        'flux-helmrelease',
        name ? `Flux HelmRelease ${name}` : 'Flux HelmRelease',
        manager,
        `Flux upgrades the Helm release at the HelmRelease's next reconcile and reverts this change. Suspend the HelmRelease first, or change its values in Git.`,
        'warn',
      )
    }
    if (manager && ROLLOUTS_MANAGERS.has(manager))
      return owner(
        'argo-rollouts',
        'Argo Rollouts',
        manager,
        'Argo Rollouts last set this field and resets it at every canary step: abort or promote the rollout instead.',
        'refuse',
      )
    if (manager === 'flagger')
      return owner(
        'flagger',
        'Flagger canary',
        manager,
        'Flagger sets these weights during its canary analysis and overwrites this change at its next step.',
        'warn',
      )
    const release = text(annotations['meta.helm.sh/release-name'])
    if (release || labels['app.kubernetes.io/managed-by'] === 'Helm' || manager === 'helm')
      return owner(
        'helm',
        release ? `Helm release "${release}"` : 'Helm',
        manager,
        `Installed with Helm${release ? ` (release "${release}")` : ''}: the next helm upgrade restores the chart's value.`,
        'warn',
      )
    // Client-side apply writes as "kubectl-client-side-apply" (an Update) and leaves the
    // last-applied annotation; server-side apply writes as "kubectl" with operation Apply.
    const applied =
      manager === 'kubectl-client-side-apply' ||
      (manager === 'kubectl' && managed?.operation === 'Apply') ||
      Boolean(text(annotations['kubectl.kubernetes.io/last-applied-configuration']))
    if (applied)
      return owner(
        'kubectl-apply',
        'kubectl apply',
        manager,
        'Created with kubectl apply: the next kubectl apply of its manifest restores the old value.',
        'warn',
      )
    return owner(
      'none',
      'no other owner',
      manager,
      'No other owner found: the change stays until someone changes it.',
      'allowed',
    )
  } catch {
    return owner('unknown', 'owner unknown', null, 'The ownership metadata could not be read.', 'warn')
  }
}
