import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { morePaths } from '@/lib/k8s/paths'
import { emitChangeEvent } from '@/lib/k8s/change-event'
import type { ObjectMeta } from '@/lib/k8s/types'
import { parseQuantity } from '@/lib/validations/quantity'

export const GPU_QUOTA_NAME = process.env.AIRE_GPU_QUOTA_NAME ?? 'gpu-quota'
export const GPU_RESOURCE = 'requests.nvidia.com/gpu'

interface ResourceQuota {
  apiVersion: string
  metadata: ObjectMeta
  spec?: { hard?: Record<string, string> }
  status?: { hard?: Record<string, string>; used?: Record<string, string> }
}

export interface GpuQuotaState {
  exists: boolean
  resourceVersion: string | null
  hard: string | null
  used: string | null
}

function state(rq: ResourceQuota | null): GpuQuotaState {
  return {
    exists: rq !== null,
    resourceVersion: rq?.metadata.resourceVersion ?? null,
    hard: rq?.spec?.hard?.[GPU_RESOURCE] ?? null,
    used: rq?.status?.used?.[GPU_RESOURCE] ?? null,
  }
}

export async function getGpuQuota(cluster: string, ns: string, as?: Impersonation): Promise<GpuQuotaState> {
  const r = await k8sRequest<ResourceQuota>(cluster, {
    method: 'GET',
    path: morePaths.resourceQuota(ns, GPU_QUOTA_NAME),
    as,
  })
  if (r.status === 404) return state(null)
  if (r.status !== 200)
    throw toAppError(r.status, r.body, { cluster, what: `ResourceQuota ${ns}/${GPU_QUOTA_NAME}` })
  return state(r.body)
}

/** The JSON-patch precondition for writing spec.hard[GPU]: the key as read, or what holds its place. */
function gpuKeyOps(rq: ResourceQuota, hard: string): unknown[] {
  const key = `/spec/hard/${GPU_RESOURCE.replace('/', '~1')}`
  const current = rq.spec?.hard?.[GPU_RESOURCE]
  if (current !== undefined)
    return [
      { op: 'test', path: key, value: current },
      { op: 'replace', path: key, value: hard },
    ]
  // An absent key cannot be tested: test what the add would land in.
  if (rq.spec?.hard)
    return [
      { op: 'test', path: '/spec/hard', value: rq.spec.hard },
      { op: 'add', path: key, value: hard },
    ]
  return [
    { op: 'test', path: '/spec', value: rq.spec ?? {} },
    { op: 'add', path: '/spec/hard', value: { [GPU_RESOURCE]: hard } },
  ]
}

/**
 * Sets `requests.nvidia.com/gpu` in the namespace's GPU quota, creating the quota if absent.
 * Conditional on the limit the admin saw (`from`, null when there was none) — not on the
 * resourceVersion, which the quota controller bumps whenever the namespace's pods change. Only
 * that one key of spec.hard is written.
 */
export async function setGpuQuota(
  input: {
    cluster: string
    namespace: string
    hard: string
    from: string | null
    confirmBelowUse?: boolean
  },
  as: Impersonation,
  cause: string,
): Promise<{ before: GpuQuotaState; after: GpuQuotaState; belowUse: boolean }> {
  const what = `ResourceQuota ${input.namespace}/${GPU_QUOTA_NAME}`
  const quotaPath = morePaths.resourceQuota(input.namespace, GPU_QUOTA_NAME)
  const conflict = (now: GpuQuotaState) =>
    new AppError(
      'conflict',
      `Someone else changed the GPU limit of ${input.namespace} since you opened it (${input.from ?? 'none'} → ${now.hard ?? 'none'}). Nothing was written; start again from ${now.hard ?? 'none'}.`,
      { current: now },
    )
  const before = await getGpuQuota(input.cluster, input.namespace, as)
  if (before.hard !== input.from) throw conflict(before)
  const used = parseQuantity(before.used ?? '0') ?? 0
  const wanted = parseQuantity(input.hard) ?? 0
  const belowUse = wanted < used
  if (belowUse && !input.confirmBelowUse) {
    throw new AppError(
      'invalid_input',
      `The new limit (${input.hard}) is below what the team uses now (${before.used}). Running pods keep their GPUs, but no new GPU pods will start until use drops. Confirm to apply anyway.`,
      { fieldErrors: { confirmBelowUse: ['confirm that the limit may be below current use'] } },
    )
  }
  let r
  if (!before.exists) {
    r = await k8sRequest<ResourceQuota>(input.cluster, {
      method: 'POST',
      path: morePaths.resourceQuotas(input.namespace),
      as,
      body: {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: {
          name: GPU_QUOTA_NAME,
          namespace: input.namespace,
          annotations: { 'aire.dev/change-cause': cause },
        },
        spec: { hard: { [GPU_RESOURCE]: input.hard } },
      },
    })
    if (r.status === 409) throw conflict(await getGpuQuota(input.cluster, input.namespace, as))
    if (r.status !== 201) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
  } else {
    // Two tries: a test of the whole spec.hard map can fail on another key's change, which is not
    // a conflict with this one.
    for (let attempt = 0; ; attempt++) {
      const rq = await k8sRequest<ResourceQuota>(input.cluster, { method: 'GET', path: quotaPath, as })
      if (rq.status !== 200) throw toAppError(rq.status, rq.body, { cluster: input.cluster, what })
      if ((rq.body.spec?.hard?.[GPU_RESOURCE] ?? null) !== input.from) throw conflict(state(rq.body))
      const ops: unknown[] = [
        ...gpuKeyOps(rq.body, input.hard),
        rq.body.metadata.annotations
          ? { op: 'add', path: '/metadata/annotations/aire.dev~1change-cause', value: cause }
          : { op: 'add', path: '/metadata/annotations', value: { 'aire.dev/change-cause': cause } },
      ]
      r = await k8sRequest<ResourceQuota>(input.cluster, {
        method: 'PATCH',
        path: quotaPath,
        contentType: 'application/json-patch+json',
        body: ops,
        as,
      })
      if (r.status !== 422 || attempt >= 1) break
    }
    if (r.status === 422) {
      const now = await getGpuQuota(input.cluster, input.namespace, as)
      if (now.hard !== input.from) throw conflict(now)
    }
    if (r.status !== 200) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
  }
  await emitChangeEvent(
    {
      cluster: input.cluster,
      namespace: input.namespace,
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      name: GPU_QUOTA_NAME,
      uid: r.body.metadata.uid,
    },
    as,
    'QuotaChanged',
    cause,
  )
  return { before, after: { ...state(r.body), used: before.used }, belowUse }
}
