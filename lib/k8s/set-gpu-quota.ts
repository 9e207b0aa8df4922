import 'server-only'
import { AppError } from '@/lib/errors'
import type { Impersonation } from '@/lib/k8s/request'
import { morePaths } from '@/lib/k8s/paths'
import {
  changeCauseOp,
  createWithCause,
  pointer,
  readObject,
  readObjectOrNull,
  recordChange,
  sendPatch,
  settle,
  type PatchOp,
} from '@/lib/k8s/conditional-patch'
import type { ObjectMeta } from '@/lib/k8s/types'
import { parseQuantity } from '@/lib/k8s/quantity'

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
  return state(
    await readObjectOrNull<ResourceQuota>({
      cluster,
      path: morePaths.resourceQuota(ns, GPU_QUOTA_NAME),
      what: `ResourceQuota ${ns}/${GPU_QUOTA_NAME}`,
      as,
    }),
  )
}

/** The JSON-patch precondition for writing spec.hard[GPU]: the key as read, or what holds its place. */
function gpuKeyOps(rq: ResourceQuota, hard: string): PatchOp[] {
  const key = `/spec/hard/${pointer(GPU_RESOURCE)}`
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
  const write = { cluster: input.cluster, path: quotaPath, what, as }
  const lostRace = async () => {
    const now = await getGpuQuota(input.cluster, input.namespace, as)
    return now.hard !== input.from ? conflict(now) : null
  }
  let written: ResourceQuota
  if (!before.exists) {
    const quotas = { ...write, path: morePaths.resourceQuotas(input.namespace) }
    const quota = {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: GPU_QUOTA_NAME, namespace: input.namespace },
      spec: { hard: { [GPU_RESOURCE]: input.hard } },
    }
    // Someone created it first: whatever they set, it is not the "none" the admin saw.
    const r = await createWithCause<ResourceQuota>(quotas, quota, cause, async () =>
      conflict(await getGpuQuota(input.cluster, input.namespace, as)),
    )
    written = await settle(write, r, { ok: 201 })
  } else {
    // Two tries: a test of the whole spec.hard map can fail on another key's change, which is not
    // a conflict with this one.
    let r
    for (let attempt = 0; ; attempt++) {
      const rq = await readObject<ResourceQuota>(write)
      if ((rq.spec?.hard?.[GPU_RESOURCE] ?? null) !== input.from) throw conflict(state(rq))
      r = await sendPatch<ResourceQuota>(write, [
        ...gpuKeyOps(rq, input.hard),
        changeCauseOp(rq.metadata, cause),
      ])
      if (r.status !== 422 || attempt >= 1) break
    }
    written = await settle(write, r, { lostRace, raceStatuses: [422] })
  }
  const object = { namespace: input.namespace, apiVersion: 'v1', kind: 'ResourceQuota', name: GPU_QUOTA_NAME }
  await recordChange(write, { ...object, reason: 'QuotaChanged' }, written, cause)
  return { before, after: { ...state(written), used: before.used }, belowUse }
}
