import 'server-only'
import { executeAction, type ActionSpec } from '@/lib/actions/run-action'
import { setGpuQuotaAction } from '@/lib/actions/specs/gpu-quota'
import { setTeamBudgetAction } from '@/lib/actions/specs/team-budget'
import { setTokenLimitAction } from '@/lib/actions/specs/token-limit'
import { canAdmin, canOperate, type SessionUser } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { micros, microsText } from '@/lib/cost/money'
import { AppError } from '@/lib/errors'
import { cluster as findCluster } from '@/lib/k8s/clusters'
import { namespaceTeam } from '@/lib/k8s/namespace-team'
import { getGpuQuota } from '@/lib/k8s/set-gpu-quota'
import { getTokenLimit } from '@/lib/k8s/set-token-limit'
import { parseQuantity } from '@/lib/validations/quantity'
import {
  decideRequestSchema,
  quotaRequestSchema,
  type QuotaRequestInput,
} from '@/lib/validations/quota-request'

const REQUEST_TTL_DAYS = 7

/** The limit in force now, as text, read with the console's own credentials. */
async function currentLimit(r: {
  kind: string
  team: string
  cluster?: string | null
  namespace?: string | null
}): Promise<string | null> {
  if (r.kind === 'gpu') return (await getGpuQuota(r.cluster!, r.namespace!)).hard
  if (r.kind === 'tokens') {
    const t = await getTokenLimit(r.cluster!, r.team)
    return t.tokensPerHour === null ? null : String(t.tokensPerHour)
  }
  const b = await db().teamBudget.findUnique({ where: { team: r.team } })
  return b ? microsText(micros(b.monthlyMicros)) : null
}

const amount = (kind: string, v: string | null) =>
  v === null ? null : kind === 'gpu' ? parseQuantity(v) : Number(v)

// Ask for a higher GPU quota, token limit or budget for one's own team.
export const requestQuotaAction: ActionSpec<typeof quotaRequestSchema, { id: string }> = {
  action: 'quota-request.create',
  schema: quotaRequestSchema,
  target: async (i) => {
    if (!(await db().team.findUnique({ where: { name: i.team } })))
      throw new AppError('not_found', `There is no team "${i.team}".`)
    if (i.kind === 'gpu') {
      findCluster(i.cluster)
      const owner = await namespaceTeam(i.cluster, i.namespace)
      if (owner !== i.team)
        throw new AppError(
          'invalid_input',
          `Namespace ${i.namespace} on ${i.cluster} does not belong to team ${i.team}.`,
        )
      return { team: i.team, cluster: i.cluster, namespace: i.namespace, kind: 'QuotaRequest', name: 'gpu' }
    }
    if (i.kind === 'tokens') findCluster(i.cluster)
    return {
      team: i.team,
      cluster: i.kind === 'tokens' ? i.cluster : null,
      kind: 'QuotaRequest',
      name: i.kind,
    }
  },
  authorize: (user, i) => canOperate(user, i.team),
  execute: async (user, i: QuotaRequestInput) => {
    const current = await currentLimit({
      ...i,
      cluster: 'cluster' in i ? i.cluster : null,
      namespace: 'namespace' in i ? i.namespace : null,
    })
    const row = await db().quotaRequest.create({
      data: {
        team: i.team,
        kind: i.kind,
        cluster: 'cluster' in i ? i.cluster : null,
        namespace: 'namespace' in i ? i.namespace : null,
        requested: i.requested,
        currentAtRequest: current,
        reason: i.reason,
        requester: user.username,
        expiresAt: new Date(Date.now() + REQUEST_TTL_DAYS * 86400_000),
      },
    })
    return {
      data: { id: row.id },
      after: { id: row.id, kind: i.kind, requested: i.requested, current, reason: i.reason },
    }
  },
  revalidate: ['/teams', '/'],
}

type Decided = { id: string; status: string }

async function applyApproved(
  user: SessionUser,
  r: { kind: string; team: string; cluster: string | null; namespace: string | null; requested: string },
) {
  const ctx = { user, originOk: true }
  if (r.kind === 'gpu') {
    const q = await getGpuQuota(r.cluster!, r.namespace!)
    return executeAction(
      setGpuQuotaAction,
      {
        cluster: r.cluster,
        namespace: r.namespace,
        hard: r.requested,
        from: q.hard,
      },
      ctx,
    )
  }
  if (r.kind === 'tokens') {
    const t = await getTokenLimit(r.cluster!, r.team)
    return executeAction(
      setTokenLimitAction,
      {
        cluster: r.cluster,
        team: r.team,
        tokensPerHour: Number(r.requested),
        from: t.tokensPerHour,
      },
      ctx,
    )
  }
  return executeAction(setTeamBudgetAction, { team: r.team, monthly: Number(r.requested) }, ctx)
}

// Approve (apply through the same action path) or decline a pending request. Admins only.
export const decideRequestAction: ActionSpec<typeof decideRequestSchema, Decided> = {
  action: 'quota-request.decide',
  schema: decideRequestSchema,
  target: async (i) => {
    const r = await db().quotaRequest.findUnique({ where: { id: i.id } })
    if (!r) throw new AppError('not_found', 'That request does not exist.')
    return { team: r.team, cluster: r.cluster, namespace: r.namespace, kind: 'QuotaRequest', name: r.id }
  },
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const r = await db().quotaRequest.findUniqueOrThrow({ where: { id: i.id } })
    if (r.status !== 'pending') throw new AppError('conflict', `This request was already ${r.status}.`)
    const close = async (status: string, decision: string) => {
      // Only a still-pending request changes state, so two admins cannot both decide it.
      const n = await db().quotaRequest.updateMany({
        where: { id: r.id, status: 'pending' },
        data: { status, decision, decidedBy: user.username, decidedAt: new Date() },
      })
      if (n.count !== 1) throw new AppError('conflict', 'Someone else decided this request meanwhile.')
      return { data: { id: r.id, status }, before: { status: 'pending' }, after: { status, decision } }
    }
    if (r.expiresAt.getTime() < Date.now()) return close('expired', 'expired before a decision')
    if (i.decision === 'decline') return close('declined', i.note ?? '')

    const now = await currentLimit(r)
    const wanted = amount(r.kind, r.requested) ?? 0
    const have = amount(r.kind, now)
    if (have !== null && have >= wanted)
      return close('superseded', `already at ${now}, at or above the ${r.requested} asked for`)
    if (now !== r.currentAtRequest) {
      throw new AppError(
        'conflict',
        `The limit changed since the request was made (was ${r.currentAtRequest ?? 'none'}, now ${now ?? 'none'}). Review it and decide again.`,
        {
          current: { requestedAt: r.currentAtRequest, now },
        },
      )
    }
    const applied = await applyApproved(user, r)
    if (!applied.ok) throw new AppError(applied.code, applied.message, { current: applied.current })
    return close('approved', i.note ?? `applied ${r.requested}`)
  },
  revalidate: ['/teams', '/'],
}
