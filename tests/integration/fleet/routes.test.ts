/**
 * The Routes page and the shift-to-stable action share one backend rule (lib/fleet/backends.ts):
 * checked here against the real API server, with the page read from the watch cache and the action
 * reading live as the user.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const id = randomUUID().slice(0, 6)
const NS = `rb-${id}`
const MODELS = `rb-${id}-models`
type AnySpec = ActionSpec<z.ZodType, unknown>

let run: typeof import('@/lib/actions/run-action').executeAction
let shift: AnySpec
let routesView: typeof import('@/lib/fleet/read-fleet').routesView
const admin = { user: CALLERS.admin, originOk: true }

const apply = (obj: unknown) => kubectl(CLUSTER, ['apply', '-f', '-'], JSON.stringify(obj))
const service = (ns: string, name: string, track: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: ns, labels: { 'aire.dev/track': track } },
  spec: { ports: [{ port: 8000 }], selector: { app: name } },
})
const pool = (ns: string, name: string, track: string) => ({
  apiVersion: 'inference.networking.k8s.io/v1',
  kind: 'InferencePool',
  metadata: { name, namespace: ns, labels: { 'aire.dev/track': track } },
  spec: {
    selector: { matchLabels: { app: name } },
    targetPorts: [{ number: 8000 }],
    endpointPickerRef: { name: `${name}-epp`, port: { number: 9002 } },
  },
})
const httpRoute = (name: string, backendRefs: unknown[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace: NS },
  spec: {
    parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
    rules: [{ matches: [{ headers: [{ name: 'x-canary', value: 'true' }] }], backendRefs }],
  },
})
const weightsOf = (name: string) =>
  kubectlJson<{ spec: { rules: { backendRefs: { weight?: number }[] }[] } }>(CLUSTER, [
    'get',
    'httproute',
    name,
    '-n',
    NS,
  ]).spec.rules[0]!.backendRefs.map((b) => b.weight ?? 1)

async function pageRow(
  name: string,
  until: (r: Awaited<ReturnType<typeof routesView>>['rows'][number]) => boolean,
) {
  const t0 = Date.now()
  for (;;) {
    const view = await routesView({ cluster: CLUSTER, namespace: NS, q: name, page: 1 })
    const row = view.rows.find((r) => r.name === name)
    if (row && until(row)) return row
    if (Date.now() - t0 > 20_000)
      throw new Error(`route ${name} not as expected on the page: ${JSON.stringify(row)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

beforeAll(async () => {
  process.env.AIRE_KUBECONFIG = kubeconfigs().console
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  shift = (await import('@/lib/actions/specs/shift-to-stable')).shiftToStableAction as AnySpec
  ;({ routesView } = await import('@/lib/fleet/read-fleet'))
  for (const ns of [NS, MODELS]) kubectl(CLUSTER, ['create', 'namespace', ns])
  kubectl(CLUSTER, ['label', 'namespace', NS, 'aire.dev/team=assistant'])
  apply(service(NS, 'svc-stable', 'stable'))
  apply(service(NS, 'svc-canary', 'canary'))
  apply(pool(MODELS, 'shared-v1', 'stable'))
}, 60_000)

afterAll(async () => {
  for (const ns of [NS, MODELS]) kubectl(CLUSTER, ['delete', 'namespace', ns, '--wait=false'])
  ;(await import('@/lib/k8s/watch/cache')).stopWatchCache()
})

describe('routes: the page and the action agree on backends', () => {
  it('Services labelled stable are stable on the page and for the shift', async () => {
    apply(
      httpRoute('svc-route', [
        { name: 'svc-stable', port: 8000, weight: 50 },
        { name: 'svc-canary', port: 8000, weight: 50 },
      ]),
    )
    const row = await pageRow('svc-route', (r) => r.rules[0]!.backends.length === 2)
    expect(row.rules[0]!.stable).toEqual({ name: 'svc-stable' })
    expect(row.rules[0]!.label).toBe('x-canary=true')
    const res = await run(
      shift,
      { cluster: CLUSTER, namespace: NS, name: 'svc-route', ruleIndex: 0, stable: 'svc-stable' },
      admin,
    )
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true })
    expect(weightsOf('svc-route')).toEqual([100, 0])
  })

  it('a cross-namespace pool without a ReferenceGrant is "not permitted" and no shift goes to it; with a grant it is stable', async () => {
    apply(
      httpRoute('xns-route', [
        {
          group: 'inference.networking.k8s.io',
          kind: 'InferencePool',
          name: 'shared-v1',
          namespace: MODELS,
          weight: 10,
        },
        { name: 'svc-canary', port: 8000, weight: 90 },
      ]),
    )
    const denied = await pageRow('xns-route', (r) => r.rules[0]!.backends.length === 2)
    expect(denied.rules[0]!.backends[0]).toMatchObject({ state: 'not_permitted', stable: false })
    expect(denied.rules[0]!.stable).toHaveProperty('reason')
    const refused = await run(
      shift,
      { cluster: CLUSTER, namespace: NS, name: 'xns-route', ruleIndex: 0, stable: 'shared-v1' },
      admin,
    )
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(weightsOf('xns-route')).toEqual([10, 90])

    apply({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'routes-to-pools', namespace: MODELS },
      spec: {
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: NS }],
        to: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool' }],
      },
    })
    const granted = await pageRow('xns-route', (r) => r.rules[0]!.backends[0]!.state === 'ok')
    expect(granted.rules[0]!.stable).toEqual({ name: 'shared-v1' })
    const res = await run(
      shift,
      { cluster: CLUSTER, namespace: NS, name: 'xns-route', ruleIndex: 0, stable: 'shared-v1' },
      admin,
    )
    expect(res, JSON.stringify(res)).toMatchObject({ ok: true })
    expect(weightsOf('xns-route')).toEqual([100, 0])
  })
})
