import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { morePaths } from '@/lib/k8s/paths'
import { emitChangeEvent } from '@/lib/k8s/change-event'
import { lostRace } from '@/lib/k8s/stale-write'
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

/**
 * Sets `requests.nvidia.com/gpu` in the namespace's GPU quota, creating the quota if absent.
 * Conditional on the version the admin saw; only that one key of spec.hard is written.
 */
export async function setGpuQuota(
  input: {
    cluster: string
    namespace: string
    hard: string
    resourceVersion?: string
    confirmBelowUse?: boolean
  },
  as: Impersonation,
  cause: string,
): Promise<{ before: GpuQuotaState; after: GpuQuotaState; belowUse: boolean }> {
  const what = `ResourceQuota ${input.namespace}/${GPU_QUOTA_NAME}`
  const before = await getGpuQuota(input.cluster, input.namespace, as)
  if ((before.resourceVersion ?? undefined) !== input.resourceVersion) {
    throw new AppError(
      'conflict',
      `${what} was changed by someone else since you opened it. Nothing was written.`,
      {
        current: before,
      },
    )
  }
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
    if (r.status === 409)
      throw new AppError('conflict', `${what} was created by someone else meanwhile. Nothing was written.`)
    if (r.status !== 201) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
  } else {
    const rq = await k8sRequest<ResourceQuota>(input.cluster, {
      method: 'GET',
      path: morePaths.resourceQuota(input.namespace, GPU_QUOTA_NAME),
      as,
    })
    const ops: unknown[] = [
      { op: 'test', path: '/metadata/resourceVersion', value: input.resourceVersion },
      rq.body.spec?.hard
        ? { op: 'add', path: `/spec/hard/${GPU_RESOURCE.replace('/', '~1')}`, value: input.hard }
        : { op: 'add', path: '/spec/hard', value: { [GPU_RESOURCE]: input.hard } },
      rq.body.metadata.annotations
        ? { op: 'add', path: '/metadata/annotations/aire.dev~1change-cause', value: cause }
        : { op: 'add', path: '/metadata/annotations', value: { 'aire.dev/change-cause': cause } },
      { op: 'replace', path: '/metadata/resourceVersion', value: input.resourceVersion },
    ]
    r = await k8sRequest<ResourceQuota>(input.cluster, {
      method: 'PATCH',
      path: morePaths.resourceQuota(input.namespace, GPU_QUOTA_NAME),
      contentType: 'application/json-patch+json',
      body: ops,
      as,
    })
    const quotaPath = morePaths.resourceQuota(input.namespace, GPU_QUOTA_NAME)
    if (await lostRace(input.cluster, quotaPath, r.status, input.resourceVersion, as)) {
      throw new AppError(
        'conflict',
        `${what} was changed by someone else since you opened it. Nothing was written.`,
        {
          current: await getGpuQuota(input.cluster, input.namespace, as),
        },
      )
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
