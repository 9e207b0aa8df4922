import 'server-only'
import type { z } from 'zod'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canAdmin, canOperate, kubernetesIdentity } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { namespaceTeam } from '@/lib/k8s/namespace-team'
import { getRoute, patchRouteWeights, ruleWeights, type RuleWeights } from '@/lib/k8s/patch-route-weights'
import { GPU_RESOURCE, getGpuQuota, setGpuQuota, type GpuQuotaState } from '@/lib/k8s/set-gpu-quota'
import { fieldErrorsOf } from '@/lib/validations/field-errors'
import { gpuQuotaSchema, revertSchema } from '@/lib/validations/quota'
import { routeWeightsSchema } from '@/lib/validations/route-weights'
import { routeTarget, weightsHold } from './route-weights'

/** Changes with a recorded before/after that a revert can restore (a revert is itself revertible). */
export const REVERTIBLE = new Set(['route.weights', 'route.shift-to-stable', 'quota.gpu', 'revert'])
const REVERTIBLE_KINDS = new Set(['HTTPRoute', 'ResourceQuota'])

type Reverted = RuleWeights | GpuQuotaState

function parse<T>(json: string | null): T | null {
  try {
    return json ? (JSON.parse(json) as T) : null
  } catch {
    return null
  }
}

async function loadRevertible(auditId: string) {
  const e = await db().auditEvent.findUnique({ where: { id: auditId } })
  if (!e) throw new AppError('not_found', 'That audit record does not exist.')
  if (
    e.result !== 'applied' ||
    !REVERTIBLE.has(e.action) ||
    !REVERTIBLE_KINDS.has(e.kind ?? '') ||
    !e.cluster ||
    !e.namespace ||
    !e.name
  ) {
    throw new AppError(
      'invalid_input',
      `Only applied weight and GPU quota changes can be reverted; this record is ${e.action} (${e.result}).`,
    )
  }
  return e
}

/** Whether restoring this record's "before" would send its route no traffic (the dialog asks first). */
export function revertDrains(e: { kind: string | null; before: string | null }): boolean {
  if (e.kind !== 'HTTPRoute') return false
  const before = parse<RuleWeights>(e.before)
  return !!before && before.backends.length > 0 && before.backends.every((b) => b.weight === 0)
}

const changedSince = (what: string, current: unknown) =>
  new AppError(
    'conflict',
    `${what} has changed since this change was made, so it cannot be reverted blindly. Here is its current state.`,
    {
      current,
    },
  )

/**
 * The original action's own input rules (the same schema), so a revert is refused for whatever
 * the change would be refused for today — a drain without confirmation, a limit below use.
 */
function asOriginal<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  const fieldErrors = fieldErrorsOf(r.error)
  const first = Object.values(fieldErrors)[0]?.[0] ?? 'This revert is not a valid change today.'
  throw new AppError('invalid_input', first, { fieldErrors })
}

// Put an object back to the "before" recorded in an audit record, if nothing changed it since.
// Every check of the original runs again against today's state: the namespace's current owner
// (not the team in the old record), the role, the confirmations, the same preconditions.
export const revertChangeAction: ActionSpec<typeof revertSchema, Reverted> = {
  action: 'revert',
  schema: revertSchema,
  target: async (i) => {
    const e = await loadRevertible(i.auditId)
    if (e.kind === 'HTTPRoute')
      return routeTarget({ cluster: e.cluster!, namespace: e.namespace!, name: e.name! })
    return {
      cluster: e.cluster,
      namespace: e.namespace,
      kind: e.kind,
      name: e.name,
      team: await namespaceTeam(e.cluster!, e.namespace!),
    }
  },
  authorize: (user, _i, t) => (t.kind === 'HTTPRoute' ? canOperate(user, t.team) : canAdmin(user)),
  execute: async (user, i) => {
    const e = await loadRevertible(i.auditId)
    const as = kubernetesIdentity(user)
    const cluster = e.cluster!
    const namespace = e.namespace!
    const name = e.name!
    const cause = `${user.username} reverted change ${e.id} (${e.action} by ${e.actor}) via AIRe Console`
    if (e.kind === 'HTTPRoute') {
      const before = parse<RuleWeights>(e.before)
      const after = parse<RuleWeights>(e.after)
      if (!before || !after)
        throw new AppError('invalid_input', 'This record has no before/after weights to revert to.')
      const route = await getRoute(cluster, namespace, name, as)
      const now = ruleWeights(route, after.ruleIndex)
      const same = now && JSON.stringify(now.backends) === JSON.stringify(after.backends)
      if (!now || !same) throw changedSince(`HTTPRoute ${namespace}/${name}`, now)
      const change = asOriginal(routeWeightsSchema, {
        cluster,
        namespace,
        name,
        ruleIndex: after.ruleIndex,
        // Conditional on the weights still being the recorded "after" (checked above).
        backends: before.backends.map((b, j) => ({
          name: b.name,
          from: now.backends[j]!.weight,
          weight: b.weight,
        })),
        ...(i.confirmDrain === undefined ? {} : { confirmDrain: i.confirmDrain }),
      })
      const out = await patchRouteWeights(change, as, cause)
      return { data: out.after, before: out.before, after: out.after }
    }
    const before = parse<GpuQuotaState>(e.before)
    const after = parse<GpuQuotaState>(e.after)
    if (!before || !after)
      throw new AppError('invalid_input', 'This record has no before/after quota to revert to.')
    if (!before.exists || before.hard === null) {
      throw new AppError(
        'invalid_input',
        'The quota did not exist before this change; set the limit you want instead.',
      )
    }
    const now = await getGpuQuota(cluster, namespace, as)
    if (now.hard !== after.hard) throw changedSince(`ResourceQuota ${namespace}/${name}`, now)
    const change = asOriginal(gpuQuotaSchema, {
      cluster,
      namespace,
      hard: before.hard,
      from: now.hard,
      ...(i.confirmBelowUse === undefined ? {} : { confirmBelowUse: i.confirmBelowUse }),
    })
    const out = await setGpuQuota(change, as, cause)
    return { data: out.after, before: out.before, after: out.after }
  },
  // A revert is a change like any other: it may be reverted in turn by the object's owner.
  hold: (_i, done) =>
    'backends' in done.data
      ? weightsHold(done.data, done.before)
      : {
          field: { kind: 'gpuQuota', resource: GPU_RESOURCE },
          expected: done.data.hard,
          before: (done.before as GpuQuotaState | undefined)?.hard ?? null,
        },
  revalidate: ['/routes', '/teams', '/audit'],
}
