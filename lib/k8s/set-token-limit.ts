import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { morePaths } from '@/lib/k8s/paths'
import { emitChangeEvent } from '@/lib/k8s/change-event'
import { lostRace } from '@/lib/k8s/stale-write'
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
  const p = await getPolicy(cluster, as)
  if (!p) return { exists: false, resourceVersion: null, tokensPerHour: null }
  const i = ruleIndexFor(p, team)
  return {
    exists: true,
    resourceVersion: p.metadata.resourceVersion ?? null,
    tokensPerHour: i >= 0 ? (p.spec.rateLimit?.global?.rules?.[i]?.limit.requests ?? null) : null,
  }
}

/** Sets the team's rule in the gateway's token policy, creating the rule or the policy if absent. */
export async function setTokenLimit(
  input: { cluster: string; team: string; tokensPerHour: number; resourceVersion?: string },
  as: Impersonation,
  cause: string,
): Promise<{ before: TokenLimitState; after: TokenLimitState }> {
  const what = `BackendTrafficPolicy ${GATEWAY_NAMESPACE}/${TOKEN_POLICY}`
  const policy = await getPolicy(input.cluster, as)
  const before = await getTokenLimit(input.cluster, input.team, as)
  if ((policy?.metadata.resourceVersion ?? undefined) !== input.resourceVersion) {
    throw new AppError(
      'conflict',
      `${what} was changed by someone else since you opened it. Nothing was written.`,
      {
        current: before,
      },
    )
  }
  let r
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
    if (r.status !== 201) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
  } else {
    const i = ruleIndexFor(policy, input.team)
    const hasRules = Boolean(policy.spec.rateLimit?.global?.rules)
    const ops: unknown[] = [{ op: 'test', path: '/metadata/resourceVersion', value: input.resourceVersion }]
    if (i >= 0) {
      ops.push({
        op: 'replace',
        path: `/spec/rateLimit/global/rules/${i}/limit/requests`,
        value: input.tokensPerHour,
      })
    } else if (hasRules) {
      ops.push({
        op: 'add',
        path: '/spec/rateLimit/global/rules/-',
        value: tokenRule(input.team, input.tokensPerHour),
      })
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
      { op: 'replace', path: '/metadata/resourceVersion', value: input.resourceVersion },
    )
    r = await k8sRequest<BackendTrafficPolicy>(input.cluster, {
      method: 'PATCH',
      path: morePaths.backendTrafficPolicy(GATEWAY_NAMESPACE, TOKEN_POLICY),
      contentType: 'application/json-patch+json',
      body: ops,
      as,
    })
    const policyPath = morePaths.backendTrafficPolicy(GATEWAY_NAMESPACE, TOKEN_POLICY)
    if (await lostRace(input.cluster, policyPath, r.status, input.resourceVersion, as)) {
      throw new AppError(
        'conflict',
        `${what} was changed by someone else since you opened it. Nothing was written.`,
      )
    }
    if (r.status !== 200) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
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
