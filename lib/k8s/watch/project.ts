/**
 * Pure projections from API objects (as parsed JSON) to the compact shapes of ./types.
 * Untrusted input: every field is optional and type-checked; nothing here throws on odd objects.
 */
import {
  AIRE_PREFIX,
  MIG_PREFIX,
  CHANGE_CAUSE_ANNOTATION,
  LABEL,
  NODE_LABEL_KEYS,
  REVISION_ANNOTATION,
  isGpuResource,
} from '@/lib/k8s/labels'
import { quantityOrNaN } from '@/lib/k8s/quantity'
import { FIELD, ownerOf } from '@/lib/k8s/ownership'
import type {
  BackendRefLite,
  ConditionLite,
  ContainerLite,
  DeploymentLite,
  EventLite,
  GatewayLite,
  HTTPRouteLite,
  InferenceObjectiveLite,
  InferencePoolLite,
  NamespaceLite,
  NodeLite,
  OwnerRef,
  PodLite,
  Quantities,
  ReferenceGrantLite,
  ReplicaSetLite,
  ResourceClaimLite,
  ResourceKind,
  ResourceMap,
  ResourceQuotaLite,
  ResourceSliceLite,
  ServiceLite,
} from './types'

type Raw = Record<string, unknown>

const rec = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {})
const list = (v: unknown): Raw[] => (Array.isArray(v) ? v.map(rec) : [])
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
const clip = (s: string | null, n: number): string | null => (s && s.length > n ? `${s.slice(0, n)}…` : s)

function stringMap(v: unknown, keep?: (k: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, val] of Object.entries(rec(v)))
    if (typeof val === 'string' && (!keep || keep(k))) out[k] = val
  return out
}

function meta(o: Raw) {
  const m = rec(o.metadata)
  return {
    name: str(m.name) ?? '',
    namespace: str(m.namespace) ?? '',
    uid: str(m.uid) ?? '',
    labels: rec(m.labels),
    annotations: rec(m.annotations),
    createdAt: str(m.creationTimestamp),
    deleting: typeof m.deletionTimestamp === 'string',
    generation: int(m.generation),
    owners: list(m.ownerReferences),
  }
}

/** The cache key of an object: namespace/name, or name for cluster-scoped objects. */
export function objectKey(o: unknown): string {
  const m = meta(rec(o))
  return m.namespace ? `${m.namespace}/${m.name}` : m.name
}

function gpuQuantities(v: unknown): Quantities {
  const out: Quantities = {}
  for (const [k, val] of Object.entries(rec(v))) {
    if (!isGpuResource(k)) continue
    const n = quantityOrNaN(val)
    if (Number.isFinite(n)) out[k] = n
  }
  return out
}

function add(into: Quantities, q: Quantities): void {
  for (const [k, v] of Object.entries(q)) into[k] = (into[k] ?? 0) + v
}

function maxInto(into: Quantities, q: Quantities): void {
  for (const [k, v] of Object.entries(q)) into[k] = Math.max(into[k] ?? 0, v)
}

/** Requests of one container for GPU-like resources: requests, else limits (which default requests). */
function containerGpu(c: Raw): Quantities {
  const res = rec(c.resources)
  return { ...gpuQuantities(res.limits), ...gpuQuantities(res.requests) }
}

/**
 * Effective GPU requests of a pod spec as the scheduler computes them (k8s.io/component-helpers
 * resource.PodRequests): containers summed, restartable (sidecar) init containers added, and each
 * ordinary init container raising the maximum.
 */
export function podSpecGpuRequests(spec: unknown): Quantities {
  const s = rec(spec)
  const reqs: Quantities = {}
  for (const c of list(s.containers)) add(reqs, containerGpu(c))
  const sidecars: Quantities = {}
  const initMax: Quantities = {}
  for (const c of list(s.initContainers)) {
    const r = containerGpu(c)
    if (c.restartPolicy === 'Always') {
      add(reqs, r)
      add(sidecars, r)
      maxInto(initMax, sidecars)
    } else {
      const t: Quantities = { ...r }
      add(t, sidecars)
      maxInto(initMax, t)
    }
  }
  maxInto(reqs, initMax)
  for (const k of Object.keys(reqs)) if (reqs[k] === 0) delete reqs[k]
  return reqs
}

function conditions(v: unknown): ConditionLite[] {
  return list(v).map((c) => ({
    type: str(c.type) ?? '',
    status: str(c.status) ?? 'Unknown',
    reason: str(c.reason),
    message: clip(str(c.message), 300),
  }))
}

function controller(owners: Raw[]): { ref: OwnerRef | null; uid: string | null } {
  const o = owners.find((x) => x.controller === true) ?? owners[0]
  if (!o) return { ref: null, uid: null }
  return { ref: { kind: str(o.kind) ?? '', name: str(o.name) ?? '' }, uid: str(o.uid) }
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string').map((a) => clip(a, 500) ?? '') : []

function containers(spec: unknown): ContainerLite[] {
  return list(rec(spec).containers).map((c) => ({
    name: str(c.name) ?? '',
    image: str(c.image) ?? '',
    command: strings(c.command),
    args: strings(c.args),
  }))
}

export function projectNode(o: unknown): NodeLite {
  const r = rec(o)
  const m = meta(r)
  const status = rec(r.status)
  const readyCond = list(status.conditions).find((c) => c.type === 'Ready')
  return {
    name: m.name,
    labels: stringMap(
      m.labels,
      (k) => NODE_LABEL_KEYS.has(k) || (k.startsWith(MIG_PREFIX) && k.endsWith('.count')),
    ),
    unschedulable: rec(r.spec).unschedulable === true,
    ready: readyCond ? readyCond.status === 'True' : null,
    capacity: gpuQuantities(status.capacity),
    allocatable: gpuQuantities(status.allocatable),
    createdAt: m.createdAt,
  }
}

function claimNames(spec: Raw, status: Raw): string[] {
  const statuses = new Map(
    list(status.resourceClaimStatuses).map((s) => [str(s.name), str(s.resourceClaimName)]),
  )
  const out: string[] = []
  for (const c of list(spec.resourceClaims)) {
    const name = str(c.resourceClaimName) ?? statuses.get(str(c.name)) ?? null
    if (name) out.push(name)
  }
  return out
}

export function projectPod(o: unknown): PodLite {
  const r = rec(o)
  const m = meta(r)
  const spec = rec(r.spec)
  const status = rec(r.status)
  const conds = list(status.conditions)
  const sched = conds.find((c) => c.type === 'PodScheduled')
  const label = (k: string) => str(m.labels[k])
  return {
    namespace: m.namespace,
    name: m.name,
    node: str(spec.nodeName) || null,
    phase: str(status.phase) ?? 'Pending',
    ready: conds.some((c) => c.type === 'Ready' && c.status === 'True'),
    deleting: m.deleting,
    gpu: podSpecGpuRequests(spec),
    claims: claimNames(spec, status),
    model: label(LABEL.model),
    version: label(LABEL.version),
    track: label(LABEL.track),
    team: label(LABEL.team),
    component: label(LABEL.component),
    owner: controller(m.owners).ref,
    unschedulable:
      sched && sched.status === 'False'
        ? clip([str(sched.reason), str(sched.message)].filter(Boolean).join(': '), 300)
        : null,
    createdAt: m.createdAt,
  }
}

const keepDeploymentLabel = (k: string) => k.startsWith(AIRE_PREFIX) || k === 'app.kubernetes.io/name'

export function projectDeployment(o: unknown): DeploymentLite {
  const r = rec(o)
  const m = meta(r)
  const spec = rec(r.spec)
  const status = rec(r.status)
  const tpl = rec(spec.template)
  const tplSpec = rec(tpl.spec)
  return {
    namespace: m.namespace,
    name: m.name,
    uid: m.uid,
    labels: stringMap(m.labels, keepDeploymentLabel),
    selector: stringMap(rec(spec.selector).matchLabels),
    templateLabels: stringMap(rec(tpl.metadata).labels),
    generation: m.generation,
    observedGeneration: int(status.observedGeneration),
    paused: spec.paused === true,
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    status: {
      replicas: int(status.replicas),
      ready: int(status.readyReplicas),
      updated: int(status.updatedReplicas),
      available: int(status.availableReplicas),
      unavailable: int(status.unavailableReplicas),
    },
    conditions: conditions(status.conditions),
    containers: containers(tplSpec),
    gpuPerReplica: podSpecGpuRequests(tplSpec),
    claimTemplates: list(tplSpec.resourceClaims).length,
    revision: str(m.annotations[REVISION_ANNOTATION]),
    createdAt: m.createdAt,
    owner: ownerOf(rec(r.metadata), FIELD.deploymentTemplate),
  }
}

export function projectReplicaSet(o: unknown): ReplicaSetLite {
  const r = rec(o)
  const m = meta(r)
  const ctl = controller(m.owners)
  const status = rec(r.status)
  return {
    namespace: m.namespace,
    name: m.name,
    owner: ctl.ref,
    ownerUid: ctl.uid,
    revision: str(m.annotations[REVISION_ANNOTATION]),
    changeCause: clip(str(m.annotations[CHANGE_CAUSE_ANNOTATION]), 300),
    replicas: int(rec(r.spec).replicas),
    ready: int(status.readyReplicas),
    containers: containers(rec(rec(rec(r.spec).template).spec)),
    createdAt: m.createdAt,
  }
}

function attrString(attrs: Raw, key: string): string | null {
  const a = rec(attrs[key])
  return str(a.string) ?? str(a.version) ?? (typeof a.int === 'number' ? String(a.int) : null)
}

export function projectResourceSlice(o: unknown): ResourceSliceLite {
  const r = rec(o)
  const m = meta(r)
  const spec = rec(r.spec)
  return {
    name: m.name,
    driver: str(spec.driver) ?? '',
    node: str(spec.nodeName),
    pool: str(rec(spec.pool).name) ?? '',
    devices: list(spec.devices).map((d) => {
      // resource.k8s.io/v1 puts attributes on the device; v1beta1 nested them under `basic`.
      const body = d.basic ? rec(d.basic) : d
      const attrs = rec(body.attributes)
      const mem = quantityOrNaN(rec(rec(body.capacity).memory).value)
      return {
        name: str(d.name) ?? '',
        productName: attrString(attrs, 'productName'),
        uuid: attrString(attrs, 'uuid'),
        memory: Number.isFinite(mem) ? mem : null,
      }
    }),
  }
}

export function projectResourceClaim(o: unknown): ResourceClaimLite {
  const r = rec(o)
  const m = meta(r)
  const status = rec(r.status)
  return {
    namespace: m.namespace,
    name: m.name,
    devices: list(rec(rec(status.allocation).devices).results).map((d) => ({
      driver: str(d.driver) ?? '',
      pool: str(d.pool) ?? '',
      device: str(d.device) ?? '',
    })),
    reservedFor: list(status.reservedFor)
      .filter((x) => x.resource === 'pods')
      .map((x) => str(x.name) ?? ''),
  }
}

export function projectInferencePool(o: unknown): InferencePoolLite {
  const r = rec(o)
  const m = meta(r)
  const spec = rec(r.spec)
  const sel = rec(spec.selector)
  // v1: selector.matchLabels; v1alpha2 had a plain label map.
  const selector = sel.matchLabels ? stringMap(sel.matchLabels) : stringMap(sel)
  const ports = list(spec.targetPorts)
    .map((p) => int(p.number))
    .filter((n) => n > 0)
  if (typeof spec.targetPortNumber === 'number') ports.push(spec.targetPortNumber)
  return {
    namespace: m.namespace,
    name: m.name,
    selector,
    labels: stringMap(m.labels, keepDeploymentLabel),
    targetPorts: ports,
    endpointPicker: str(rec(spec.endpointPickerRef).name),
  }
}

/**
 * InferenceObjective of either group. The group and version come from the path the cache watched
 * (list items of one version), not from the object, so a projection never guesses.
 */
export function inferenceObjectiveProjection(
  group: string,
  version: string,
): (o: unknown) => InferenceObjectiveLite {
  return (o) => {
    const r = rec(o)
    const m = meta(r)
    const spec = rec(r.spec)
    const ref = rec(spec.poolRef)
    return {
      namespace: m.namespace,
      name: m.name,
      // The CRDs default group and kind; an object stored before a default existed may lack them.
      poolRef: {
        group: str(ref.group) ?? 'inference.networking.k8s.io',
        kind: str(ref.kind) ?? 'InferencePool',
        name: str(ref.name) ?? '',
      },
      priority: typeof spec.priority === 'number' && Number.isInteger(spec.priority) ? spec.priority : null,
      group,
      version,
    }
  }
}

/** "GET /v1/chat · x-canary=true · ?debug=1": what a match selects, in one short line. */
function matchLine(m: Raw): string {
  const parts: string[] = []
  const path = rec(m.path)
  const method = str(m.method)
  const value = str(path.value)
  const type = str(path.type) ?? 'PathPrefix'
  const pathText = value
    ? type === 'Exact'
      ? `= ${value}`
      : type === 'RegularExpression'
        ? `~ ${value}`
        : value
    : null
  // The API server defaults a match's path to PathPrefix "/": it adds nothing beside other conditions.
  const everyPath = type === 'PathPrefix' && value === '/'
  const hasMore = list(m.headers).length > 0 || list(m.queryParams).length > 0
  if (method || (pathText && !(everyPath && hasMore)))
    parts.push([method, everyPath && hasMore ? null : pathText].filter(Boolean).join(' '))
  for (const h of list(m.headers))
    parts.push(`${str(h.name) ?? '?'}${str(h.type) === 'RegularExpression' ? '~' : '='}${str(h.value) ?? ''}`)
  for (const q of list(m.queryParams)) parts.push(`?${str(q.name) ?? '?'}=${str(q.value) ?? ''}`)
  return clip(parts.join(' · '), 160) ?? ''
}

function conditionOver(parents: Raw[], type: string): boolean | null {
  const found = parents.flatMap((p) => list(p.conditions)).filter((c) => c.type === type)
  if (found.length === 0) return null
  return found.every((c) => c.status === 'True')
}

export function projectHTTPRoute(o: unknown): HTTPRouteLite {
  const r = rec(o)
  const m = meta(r)
  const spec = rec(r.spec)
  const parents = list(rec(r.status).parents)
  return {
    namespace: m.namespace,
    name: m.name,
    parents: list(spec.parentRefs).map((p) => str(p.name) ?? ''),
    hostnames: (Array.isArray(spec.hostnames) ? spec.hostnames : [])
      .filter((h): h is string => typeof h === 'string')
      .slice(0, 16),
    rules: list(spec.rules).map((rule) => {
      const t = rec(rule.timeouts)
      const timeouts = [
        str(t.request) && `request ${str(t.request)}`,
        str(t.backendRequest) && `backend ${str(t.backendRequest)}`,
      ]
        .filter(Boolean)
        .join(', ')
      return {
        name: str(rule.name),
        matches: list(rule.matches).map(matchLine).slice(0, 8),
        filters: list(rule.filters)
          .map((f) => str(f.type) ?? '')
          .filter(Boolean)
          .slice(0, 8),
        timeouts: timeouts || null,
        backendRefs: list(rule.backendRefs).map((b): BackendRefLite => ({
          group: str(b.group) ?? '',
          kind: str(b.kind) ?? 'Service',
          name: str(b.name) ?? '',
          namespace: str(b.namespace) ?? m.namespace,
          // Gateway API: weight defaults to 1.
          weight: typeof b.weight === 'number' ? b.weight : 1,
          port: typeof b.port === 'number' ? b.port : null,
        })),
      }
    }),
    labels: stringMap(m.labels, keepDeploymentLabel),
    accepted: conditionOver(parents, 'Accepted'),
    resolvedRefs: conditionOver(parents, 'ResolvedRefs'),
    owner: ownerOf(rec(r.metadata), FIELD.routeWeights),
  }
}

export function projectService(o: unknown): ServiceLite {
  const m = meta(rec(o))
  return { namespace: m.namespace, name: m.name, labels: stringMap(m.labels, keepDeploymentLabel) }
}

export function projectReferenceGrant(o: unknown): ReferenceGrantLite {
  const r = rec(o)
  const m = meta(r)
  const spec = rec(r.spec)
  return {
    namespace: m.namespace,
    name: m.name,
    from: list(spec.from).map((f) => ({
      group: str(f.group) ?? '',
      kind: str(f.kind) ?? '',
      namespace: str(f.namespace) ?? '',
    })),
    to: list(spec.to).map((t) => ({ group: str(t.group) ?? '', kind: str(t.kind) ?? '', name: str(t.name) })),
  }
}

export function projectGateway(o: unknown): GatewayLite {
  const r = rec(o)
  const m = meta(r)
  const programmed = list(rec(r.status).conditions).find((c) => c.type === 'Programmed')
  return {
    namespace: m.namespace,
    name: m.name,
    className: str(rec(r.spec).gatewayClassName) ?? '',
    programmed: programmed ? programmed.status === 'True' : null,
  }
}

function quotaMap(v: unknown): Quantities {
  const out: Quantities = {}
  for (const [k, val] of Object.entries(rec(v))) {
    if (!k.includes('nvidia.com') && !k.includes('deviceclass.resource.k8s.io') && !k.includes('gpu'))
      continue
    const n = quantityOrNaN(val)
    if (Number.isFinite(n)) out[k] = n
  }
  return out
}

export function projectResourceQuota(o: unknown): ResourceQuotaLite {
  const r = rec(o)
  const m = meta(r)
  return {
    namespace: m.namespace,
    name: m.name,
    hard: quotaMap(rec(r.spec).hard),
    used: quotaMap(rec(r.status).used),
  }
}

export function projectNamespace(o: unknown): NamespaceLite {
  const m = meta(rec(o))
  return { name: m.name, team: str(m.labels[LABEL.team]) }
}

export function projectEvent(o: unknown): EventLite {
  const r = rec(o)
  const m = meta(r)
  const inv = rec(r.involvedObject ?? r.regarding)
  return {
    namespace: m.namespace,
    name: m.name,
    type: str(r.type) ?? 'Normal',
    reason: str(r.reason) ?? '',
    message: clip(str(r.message) ?? str(r.note), 300) ?? '',
    involved: {
      kind: str(inv.kind) ?? '',
      name: str(inv.name) ?? '',
      namespace: str(inv.namespace) ?? m.namespace,
    },
    count: int(r.count) || 1,
    lastTimestamp: str(r.lastTimestamp) ?? str(r.eventTime) ?? m.createdAt,
  }
}

export const PROJECTIONS: { [K in ResourceKind]: (o: unknown) => ResourceMap[K] } = {
  nodes: projectNode,
  pods: projectPod,
  deployments: projectDeployment,
  replicasets: projectReplicaSet,
  resourceslices: projectResourceSlice,
  resourceclaims: projectResourceClaim,
  inferencepools: projectInferencePool,
  inferenceobjectives: inferenceObjectiveProjection('llm-d.ai', 'v1alpha2'),
  xinferenceobjectives: inferenceObjectiveProjection('inference.networking.x-k8s.io', 'v1alpha2'),
  gateways: projectGateway,
  httproutes: projectHTTPRoute,
  services: projectService,
  referencegrants: projectReferenceGrant,
  resourcequotas: projectResourceQuota,
  namespaces: projectNamespace,
  events: projectEvent,
}
