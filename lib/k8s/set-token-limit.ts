import 'server-only'
import { AppError } from '@/lib/errors'
import type { Impersonation } from '@/lib/k8s/request'
import { morePaths } from '@/lib/k8s/paths'
import {
  changeCauseOp,
  createWithCause,
  readObjectOrNull,
  recordChange,
  sendPatch,
  settle,
  type PatchOp,
} from '@/lib/k8s/conditional-patch'
import type { ObjectMeta } from '@/lib/k8s/types'

// Where the gateway's token limits live (Envoy Gateway BackendTrafficPolicy, see REFERENCE.md).
export const GATEWAY_NAMESPACE = process.env.AIRE_GATEWAY_NAMESPACE ?? 'gateway-system'
export const GATEWAY_NAME = process.env.AIRE_GATEWAY_NAME ?? 'inference-gateway'
export const TOKEN_POLICY = process.env.AIRE_TOKEN_POLICY ?? 'token-limits'
export const TENANT_HEADER = 'x-tenant-id'

interface RateLimitRule {
  clientSelectors?: { headers?: { name: string; type?: string; value?: string }[] }[]
  limit: { requests: number; unit: string }
  cost?: unknown
}

interface BackendTrafficPolicy {
  metadata: ObjectMeta
  spec: { rateLimit?: { type?: string; global?: { rules?: RateLimitRule[] } } } & Record<string, unknown>
}

export interface TokenLimitState {
  exists: boolean
  resourceVersion: string | null
  tokensPerHour: number | null
}

export function ruleIndexFor(policy: BackendTrafficPolicy, team: string): number {
  return (policy.spec.rateLimit?.global?.rules ?? []).findIndex((r) =>
    r.clientSelectors?.some((s) => s.headers?.some((h) => h.name === TENANT_HEADER && h.value === team)),
  )
}

/** A per-tenant token budget: each response costs its total tokens (Envoy AI Gateway metadata). */
export function tokenRule(team: string, tokensPerHour: number): RateLimitRule {
  return {
    clientSelectors: [{ headers: [{ name: TENANT_HEADER, type: 'Exact', value: team }] }],
    limit: { requests: tokensPerHour, unit: 'Hour' },
    cost: {
      request: { from: 'Number', number: 0 },
      response: { from: 'Metadata', metadata: { namespace: 'io.envoy.ai_gateway', key: 'llm_total_token' } },
    },
  }
}

async function getPolicy(cluster: string, as?: Impersonation): Promise<BackendTrafficPolicy | null> {
  return readObjectOrNull<BackendTrafficPolicy>({
    cluster,
    path: morePaths.backendTrafficPolicy(GATEWAY_NAMESPACE, TOKEN_POLICY),
    what: `BackendTrafficPolicy ${TOKEN_POLICY}`,
    as,
  })
}

export async function getTokenLimit(
  cluster: string,
  team: string,
  as?: Impersonation,
): Promise<TokenLimitState> {
  return stateOf(await getPolicy(cluster, as), team)
}

function stateOf(p: BackendTrafficPolicy | null, team: string): TokenLimitState {
  if (!p) return { exists: false, resourceVersion: null, tokensPerHour: null }
  const i = ruleIndexFor(p, team)
  return {
    exists: true,
    resourceVersion: p.metadata.resourceVersion ?? null,
    tokensPerHour: i >= 0 ? (p.spec.rateLimit?.global?.rules?.[i]?.limit.requests ?? null) : null,
  }
}

/**
 * The team's rule changed in place (tested as read), or appended to the rule list (tested whole:
 * an absent rule cannot be tested).
 */
function teamRuleOps(
  policy: BackendTrafficPolicy,
  team: string,
  tokensPerHour: number,
  what: string,
): PatchOp[] {
  const rules = policy.spec.rateLimit?.global?.rules
  const i = ruleIndexFor(policy, team)
  if (i >= 0) {
    const base = `/spec/rateLimit/global/rules/${i}`
    return [
      { op: 'test', path: base, value: rules![i] },
      { op: 'replace', path: `${base}/limit/requests`, value: tokensPerHour },
    ]
  }
  if (rules)
    return [
      { op: 'test', path: '/spec/rateLimit/global/rules', value: rules },
      { op: 'add', path: '/spec/rateLimit/global/rules/-', value: tokenRule(team, tokensPerHour) },
    ]
  throw new AppError(
    'invalid_input',
    `${what} has no global rate-limit rules to add the team to; edit it once by hand.`,
  )
}

/**
 * Sets the team's rule in the gateway's token policy, creating the rule or the policy if absent.
 * Conditional on the team's limit the admin saw (`from`, null when the team had no rule): the
 * policy is shared by every team, so its resourceVersion moves with other teams' changes, which
 * are not conflicts with this one.
 */
export async function setTokenLimit(
  input: { cluster: string; team: string; tokensPerHour: number; from: number | null },
  as: Impersonation,
  cause: string,
): Promise<{ before: TokenLimitState; after: TokenLimitState }> {
  const what = `BackendTrafficPolicy ${GATEWAY_NAMESPACE}/${TOKEN_POLICY}`
  const policyPath = morePaths.backendTrafficPolicy(GATEWAY_NAMESPACE, TOKEN_POLICY)
  const conflict = (now: TokenLimitState) =>
    new AppError(
      'conflict',
      `Someone else changed the token limit of ${input.team} since you opened it (${input.from ?? 'none'} → ${now.tokensPerHour ?? 'none'}). Nothing was written; start again from the current limit.`,
      { current: now },
    )
  const before = await getTokenLimit(input.cluster, input.team, as)
  if (before.tokensPerHour !== input.from) throw conflict(before)
  const write = { cluster: input.cluster, path: policyPath, what, as }
  let written: BackendTrafficPolicy
  // Up to three tries: a test of the whole rule list (adding a team) fails on another team's
  // concurrent change, which is retried, not reported as a conflict.
  for (let attempt = 0; ; attempt++) {
    const policy = await getPolicy(input.cluster, as)
    const now = stateOf(policy, input.team)
    if (now.tokensPerHour !== input.from) throw conflict(now)
    if (!policy) {
      const r = await createWithCause<BackendTrafficPolicy>(
        { ...write, path: morePaths.backendTrafficPolicies(GATEWAY_NAMESPACE) },
        {
          apiVersion: 'gateway.envoyproxy.io/v1alpha1',
          kind: 'BackendTrafficPolicy',
          metadata: { name: TOKEN_POLICY, namespace: GATEWAY_NAMESPACE },
          spec: {
            targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME }],
            rateLimit: { type: 'Global', global: { rules: [tokenRule(input.team, input.tokensPerHour)] } },
          },
        },
        cause,
      )
      if (r.status === 409 && attempt < 2) continue
      written = await settle(write, r, { ok: 201 })
      break
    }
    const r = await sendPatch<BackendTrafficPolicy>(write, [
      ...teamRuleOps(policy, input.team, input.tokensPerHour, what),
      changeCauseOp(policy.metadata, cause),
    ])
    if (r.status === 422 && attempt < 2) continue
    written = await settle(write, r, {
      raceStatuses: [422],
      lostRace: async () => {
        const fresh = await getTokenLimit(input.cluster, input.team, as)
        return fresh.tokensPerHour !== input.from ? conflict(fresh) : null
      },
    })
    break
  }
  const object = {
    namespace: GATEWAY_NAMESPACE,
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'BackendTrafficPolicy',
    name: TOKEN_POLICY,
  }
  await recordChange(write, { ...object, reason: 'TokenLimitChanged' }, written, cause)
  const after = await getTokenLimit(input.cluster, input.team, as)
  return { before, after }
}
