import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canAdmin, kubernetesIdentity } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { cluster as findCluster } from '@/lib/k8s/clusters'
import {
  GATEWAY_NAMESPACE,
  TENANT_HEADER,
  TOKEN_POLICY,
  setTokenLimit,
  type TokenLimitState,
} from '@/lib/k8s/set-token-limit'
import { tokenLimitSchema } from '@/lib/validations/quota'

// Set a team's tokens-per-hour limit in the gateway's BackendTrafficPolicy. Admins only.
export const setTokenLimitAction: ActionSpec<typeof tokenLimitSchema, TokenLimitState> = {
  action: 'quota.tokens',
  schema: tokenLimitSchema,
  target: async (i) => {
    findCluster(i.cluster)
    if (!(await db().team.findUnique({ where: { name: i.team } }))) {
      throw new AppError('not_found', `There is no team "${i.team}".`)
    }
    return {
      cluster: i.cluster,
      namespace: GATEWAY_NAMESPACE,
      kind: 'BackendTrafficPolicy',
      name: TOKEN_POLICY,
      team: i.team,
    }
  },
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const cause = `${user.username} set team ${i.team}'s token limit to ${i.tokensPerHour}/hour via AIRe Console`
    const { before, after } = await setTokenLimit(i, kubernetesIdentity(user), cause)
    return { data: after, before: { team: i.team, ...before }, after: { team: i.team, ...after } }
  },
  hold: (i, done) => ({
    field: { kind: 'tokenLimit', team: i.team, header: TENANT_HEADER },
    expected: done.data.tokensPerHour,
    before: (done.before as TokenLimitState | undefined)?.tokensPerHour ?? null,
  }),
  revalidate: ['/teams'],
}
