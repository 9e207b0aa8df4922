import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { morePaths } from '@/lib/k8s/paths'
import { emitChangeEvent } from '@/lib/k8s/change-event'
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
  const r = await k8sRequest<BackendTrafficPolicy>(cluster, {
    method: 'GET',
    path: morePaths.backendTrafficPolicy(GATEWAY_NAMESPACE, TOKEN_POLICY),
    as,
  })
  if (r.status === 404) return null
  if (r.status !== 200)
    throw toAppError(r.status, r.body, { cluster, what: `BackendTrafficPolicy ${TOKEN_POLICY}` })
  return r.body
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
  let r
  // Up to three tries: a test of the whole rule list (adding a team) fails on another team's
  // concurrent change, which is retried, not reported as a conflict.
  for (let attempt = 0; ; attempt++) {
    const policy = await getPolicy(input.cluster, as)
    const now = stateOf(policy, input.team)
    if (now.tokensPerHour !== input.from) throw conflict(now)
    if (!policy) {
      r = await k8sRequest<BackendTrafficPolicy>(input.cluster, {
        method: 'POST',
        path: morePaths.backendTrafficPolicies(GATEWAY_NAMESPACE),
        as,
        body: {
          apiVersion: 'gateway.envoyproxy.io/v1alpha1',
          kind: 'BackendTrafficPolicy',
          metadata: {
            name: TOKEN_POLICY,
            namespace: GATEWAY_NAMESPACE,
            annotations: { 'aire.dev/change-cause': cause },
          },
          spec: {
            targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: GATEWAY_NAME }],
            rateLimit: { type: 'Global', global: { rules: [tokenRule(input.team, input.tokensPerHour)] } },
          },
        },
      })
      if (r.status === 409 && attempt < 2) continue
      if (r.status !== 201) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
      break
    }
    const rules = policy.spec.rateLimit?.global?.rules
    const i = ruleIndexFor(policy, input.team)
    const ops: unknown[] = []
    if (i >= 0) {
      const base = `/spec/rateLimit/global/rules/${i}`
      ops.push(
        { op: 'test', path: base, value: rules![i] },
        { op: 'replace', path: `${base}/limit/requests`, value: input.tokensPerHour },
      )
    } else if (rules) {
      ops.push(
        { op: 'test', path: '/spec/rateLimit/global/rules', value: rules },
        {
          op: 'add',
          path: '/spec/rateLimit/global/rules/-',
          value: tokenRule(input.team, input.tokensPerHour),
        },
      )
    } else {
      throw new AppError(
        'invalid_input',
        `${what} has no global rate-limit rules to add the team to; edit it once by hand.`,
      )
    }
    ops.push(
      policy.metadata.annotations
        ? { op: 'add', path: '/metadata/annotations/aire.dev~1change-cause', value: cause }
        : { op: 'add', path: '/metadata/annotations', value: { 'aire.dev/change-cause': cause } },
    )
    r = await k8sRequest<BackendTrafficPolicy>(input.cluster, {
      method: 'PATCH',
      path: policyPath,
      contentType: 'application/json-patch+json',
      body: ops,
      as,
    })
    if (r.status === 422 && attempt < 2) continue
    if (r.status === 422) {
      const fresh = await getTokenLimit(input.cluster, input.team, as)
      if (fresh.tokensPerHour !== input.from) throw conflict(fresh)
    }
    if (r.status !== 200) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
    break
  }
  await emitChangeEvent(
    {
      cluster: input.cluster,
      namespace: GATEWAY_NAMESPACE,
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      name: TOKEN_POLICY,
      uid: r.body.metadata.uid,
    },
    as,
    'TokenLimitChanged',
    cause,
  )
  const after = await getTokenLimit(input.cluster, input.team, as)
  return { before, after }
}
