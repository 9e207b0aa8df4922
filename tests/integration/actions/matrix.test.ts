import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
import { CALLERS, type Caller } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'
import type { z } from 'zod'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const NS = 'team-assistant'
const ROUTE = 'llama-3-1-8b'
const DEPLOYMENT = 'llama-3-1-70b-v2'

type AnySpec = ActionSpec<z.ZodType, unknown>
let run: typeof import('@/lib/actions/run-action').executeAction
let specs: Record<string, AnySpec>
let db: typeof import('@/lib/db/client').db

interface Obj {
  metadata: { resourceVersion: string; annotations?: Record<string, string> }
}
/** What a refused change must leave untouched: the object's spec (status moves on its own). */
const spec = (kind: string, name: string, ns = NS) =>
  JSON.stringify(kubectlJson<{ spec: unknown }>(CLUSTER, ['get', kind, name, '-n', ns]).spec)
const rv = (kind: string, name: string, ns = NS) =>
  kubectlJson<Obj>(CLUSTER, ['get', kind, name, '-n', ns]).metadata.resourceVersion

beforeAll(async () => {
  kubeconfigs()
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  await db().team.upsert({
    where: { name: 'assistant' },
    create: { name: 'assistant', displayName: 'Assistant' },
    update: {},
  })
  specs = {
    'route.weights': (await import('@/lib/actions/specs/route-weights')).setRouteWeightsAction as AnySpec,
    'route.shift-to-stable': (await import('@/lib/actions/specs/shift-to-stable'))
      .shiftToStableAction as AnySpec,
    'deployment.rollback': (await import('@/lib/actions/specs/rollback')).rollbackDeploymentAction as AnySpec,
    'quota.gpu': (await import('@/lib/actions/specs/gpu-quota')).setGpuQuotaAction as AnySpec,
    'quota.tokens': (await import('@/lib/actions/specs/token-limit')).setTokenLimitAction as AnySpec,
  }
})

interface Route {
  metadata: { resourceVersion: string }
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
function routeNow() {
  return kubectlJson<Route>(CLUSTER, ['get', 'httproute', ROUTE, '-n', NS])
}

// The allowed weight changes and shifts to stable really apply: put the seeded split back, so
// tests that read the seeded fleet (e.g. the fleet cache's 90/10) do not depend on file order.
let seededWeights: (number | undefined)[] = []
beforeAll(() => {
  seededWeights = routeNow().spec.rules[0]!.backendRefs.map((b) => b.weight)
})
afterAll(() => {
  // add: sets the member whether or not it is there now (1 is the Gateway API default weight)
  const patch = seededWeights.map((w, i) => ({
    op: 'add',
    path: `/spec/rules/0/backendRefs/${i}/weight`,
    value: w ?? 1,
  }))
  if (patch.length)
    kubectl(CLUSTER, ['patch', 'httproute', ROUTE, '-n', NS, '--type=json', '-p', JSON.stringify(patch)])
})

/** A valid input for each action, built from the live objects so it would apply if allowed. */
/** The backend of the route's rule 0 whose InferencePool is labelled stable. */
function stableBackend(): string {
  const pools = kubectlJson<{ items: { metadata: { name: string } }[] }>(CLUSTER, [
    'get',
    'inferencepools',
    '-n',
    NS,
    '-l',
    'aire.dev/track=stable',
  ]).items.map((p) => p.metadata.name)
  return routeNow().spec.rules[0]!.backendRefs.find((b) => pools.includes(b.name))!.name
}

function validInput(action: string): { input: unknown; watched: () => string } {
  switch (action) {
    case 'route.weights': {
      const r = routeNow()
      const refs = r.spec.rules[0]!.backendRefs
      return {
        input: {
          cluster: CLUSTER,
          namespace: NS,
          name: ROUTE,
          ruleIndex: 0,
          backends: refs.map((b, i) => ({
            name: b.name,
            from: b.weight ?? 1,
            weight: i === 0 ? 60 + Math.floor(Math.random() * 30) : 10,
          })),
        },
        watched: () => rv('httproute', ROUTE),
      }
    }
    case 'route.shift-to-stable':
      return {
        input: {
          cluster: CLUSTER,
          namespace: NS,
          name: ROUTE,
          ruleIndex: 0,
          stable: stableBackend(),
        },
        watched: () => rv('httproute', ROUTE),
      }
    case 'deployment.rollback': {
      const rs = kubectlJson<{ items: { metadata: { annotations: Record<string, string> } }[] }>(CLUSTER, [
        'get',
        'rs',
        '-n',
        NS,
        '-l',
        'aire.dev/model=llama-3-1-70b,aire.dev/version=v2,aire.dev/component=model-server',
      ])
      const revisions = rs.items
        .map((x) => Number(x.metadata.annotations['deployment.kubernetes.io/revision']))
        .sort((a, b) => a - b)
      return {
        input: {
          cluster: CLUSTER,
          namespace: NS,
          name: DEPLOYMENT,
          revision: revisions[0],
          generation: kubectlJson<{ metadata: { generation: number } }>(CLUSTER, [
            'get',
            'deployment',
            DEPLOYMENT,
            '-n',
            NS,
          ]).metadata.generation,
        },
        watched: () => spec('deployment', DEPLOYMENT),
      }
    }
    case 'quota.gpu': {
      const q = kubectlJson<Obj & { spec: { hard: Record<string, string> } }>(CLUSTER, [
        'get',
        'resourcequota',
        'gpu-quota',
        '-n',
        NS,
      ])
      return {
        input: {
          cluster: CLUSTER,
          namespace: NS,
          hard: String(Number(q.spec.hard['requests.nvidia.com/gpu']) + 1),
          from: q.spec.hard['requests.nvidia.com/gpu'] ?? null,
        },
        watched: () => spec('resourcequota', 'gpu-quota'),
      }
    }
    case 'quota.tokens':
      return {
        input: {
          cluster: CLUSTER,
          team: 'assistant',
          tokensPerHour: 4_000_000 + Math.floor(Math.random() * 1000),
          from: tokenLimitOf('assistant'),
        },
        watched: () => rv('backendtrafficpolicy', 'token-limits', 'gateway-system'),
      }
  }
  throw new Error(action)
}

/** The team's hourly token limit in the gateway policy now, null without a rule. */
function tokenLimitOf(team: string): number | null {
  const policy = kubectlJson<{
    spec: {
      rateLimit?: {
        global?: {
          rules?: { clientSelectors?: { headers?: { value?: string }[] }[]; limit: { requests: number } }[]
        }
      }
    }
  }>(CLUSTER, ['get', 'backendtrafficpolicy', 'token-limits', '-n', 'gateway-system'])
  const rule = policy.spec.rateLimit?.global?.rules?.find((r) =>
    r.clientSelectors?.some((c) => c.headers?.some((h) => h.value === team)),
  )
  return rule?.limit.requests ?? null
}

const ALLOWED: Record<string, Caller[]> = {
  'route.weights': ['operator', 'admin'],
  'route.shift-to-stable': ['operator', 'admin'],
  'deployment.rollback': ['operator', 'admin'],
  'quota.gpu': ['admin'],
  'quota.tokens': ['admin'],
}

async function refusedAudits(actor: string, action: string): Promise<number> {
  return db().auditEvent.count({ where: { actor, action, result: 'refused' } })
}

describe('authorization matrix: every action × every kind of caller, against the real cluster', () => {
  for (const action of Object.keys(ALLOWED)) {
    for (const caller of Object.keys(CALLERS) as Caller[]) {
      const allowed = ALLOWED[action]!.includes(caller)
      it(`${action} by ${caller} is ${allowed ? 'applied' : 'refused, changes nothing and is audited'}`, async () => {
        const user = CALLERS[caller]
        const { input, watched } = validInput(action)
        const before = watched()
        const actor = user?.username ?? 'anonymous'
        const audited = await refusedAudits(actor, specs[action]!.action)
        const res = await run(specs[action]!, input, { user, originOk: true })
        if (allowed) {
          expect(res, JSON.stringify(res)).toMatchObject({ ok: true })
        } else {
          expect(res).toMatchObject({ ok: false, code: user ? 'forbidden' : 'unauthenticated' })
          expect(watched()).toBe(before)
          expect(await refusedAudits(actor, specs[action]!.action)).toBe(audited + 1)
        }
      })
    }
  }

  it('a write from a foreign origin is refused before anything else, and audited', async () => {
    const { input, watched } = validInput('route.weights')
    const before = watched()
    const res = await run(specs['route.weights']!, input, { user: null, originOk: false })
    expect(res).toMatchObject({ ok: false, code: 'bad_origin' })
    expect(watched()).toBe(before)
  })
})
