/**
 * Who owns a field, read from real objects on the real API server: kubectl's client-side apply,
 * a server-side apply by Argo CD's field manager, Flux's labels, Argo Rollouts as the weights'
 * writer, and an owning controller of a Deployment. The page shows the owner from the watch cache;
 * the actions refuse where the owner's controller overwrites the change and write nothing.
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
const NS = `own-${randomUUID().slice(0, 6)}`
type AnySpec = ActionSpec<z.ZodType, unknown>

let run: typeof import('@/lib/actions/run-action').executeAction
let weights: AnySpec
let rollback: AnySpec
let routesView: typeof import('@/lib/fleet/read-fleet').routesView
const admin = { user: CALLERS.admin, originOk: true }

const route = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace: NS, labels },
  spec: {
    parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
    rules: [
      {
        backendRefs: [
          { name: 'a', port: 8000, weight: 50 },
          { name: 'b', port: 8000, weight: 50 },
        ],
      },
    ],
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

async function owner(name: string, kind: string, manager?: string) {
  const t0 = Date.now()
  for (;;) {
    const view = await routesView({ cluster: CLUSTER, namespace: NS, q: name, page: 1 })
    const row = view.rows.find((r) => r.name === name)
    if (row?.owner?.kind === kind && (!manager || row.owner.manager === manager)) return row.owner
    if (Date.now() - t0 > 20_000) throw new Error(`owner of ${name}: ${JSON.stringify(row?.owner)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

const change = (name: string) => ({
  cluster: CLUSTER,
  namespace: NS,
  name,
  ruleIndex: 0,
  backends: [
    { name: 'a', from: 50, weight: 70 },
    { name: 'b', from: 50, weight: 30 },
  ],
})

beforeAll(async () => {
  process.env.AIRE_KUBECONFIG = kubeconfigs().console
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  weights = (await import('@/lib/actions/specs/route-weights')).setRouteWeightsAction as AnySpec
  rollback = (await import('@/lib/actions/specs/rollback')).rollbackDeploymentAction as AnySpec
  ;({ routesView } = await import('@/lib/fleet/read-fleet'))
  kubectl(CLUSTER, ['create', 'namespace', NS])
  kubectl(CLUSTER, ['label', 'namespace', NS, 'aire.dev/team=assistant'])
}, 60_000)

afterAll(async () => {
  kubectl(CLUSTER, ['delete', 'namespace', NS, '--wait=false'])
  ;(await import('@/lib/k8s/watch/cache')).stopWatchCache()
})

describe('ownership of the fields the console writes', () => {
  it('kubectl apply: shown with what the next apply does; the change is allowed', async () => {
    kubectl(CLUSTER, ['apply', '-f', '-'], JSON.stringify(route('applied')))
    const o = await owner('applied', 'kubectl-apply')
    expect(o.consequence).toMatch(/next kubectl apply .* restores the old value/)
    expect(await run(weights, change('applied'), admin)).toMatchObject({ ok: true })
    expect(weightsOf('applied')).toEqual([70, 30])
  })

  it('Argo CD: a server-side apply by argocd-controller names it', async () => {
    kubectl(
      CLUSTER,
      ['apply', '--server-side', '--field-manager=argocd-controller', '-f', '-'],
      JSON.stringify(route('gitops', { 'argocd.argoproj.io/instance': 'llm-prod' })),
    )
    const o = await owner('gitops', 'argocd')
    expect(o).toMatchObject({ label: 'Argo CD app "llm-prod"', manager: 'argocd-controller', write: 'warn' })
  })

  it('Flux: the Kustomization labels name it even after a hand edit', async () => {
    kubectl(
      CLUSTER,
      ['create', '-f', '-'],
      JSON.stringify(
        route('fluxed', {
          'kustomize.toolkit.fluxcd.io/name': 'llm',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        }),
      ),
    )
    // someone edits the weights by hand: the next reconcile still reverts it
    kubectl(CLUSTER, [
      'patch',
      'httproute',
      'fluxed',
      '-n',
      NS,
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/rules/0/backendRefs/0/weight","value":60}]',
    ])
    const o = await owner('fluxed', 'flux-kustomization', 'kubectl-patch')
    expect(o.label).toBe('Flux Kustomization flux-system/llm')
  })

  it('Argo Rollouts writes the weights: the weight change is refused and nothing is written', async () => {
    kubectl(CLUSTER, ['create', '-f', '-'], JSON.stringify(route('canary')))
    kubectl(
      CLUSTER,
      ['apply', '--server-side', '--force-conflicts', '--field-manager=rollouts-controller', '-f', '-'],
      JSON.stringify(route('canary')),
    )
    await owner('canary', 'argo-rollouts')
    const res = await run(weights, change('canary'), admin)
    expect(res).toMatchObject({ ok: false, code: 'forbidden' })
    expect((res as { message: string }).message).toMatch(/owns the weights .* abort or promote the rollout/)
    expect(weightsOf('canary')).toEqual([50, 50])
  })

  it('a Deployment controlled by another object: roll back is refused, naming the owner', async () => {
    kubectl(CLUSTER, ['create', 'configmap', 'operator-owner', '-n', NS])
    const uid = kubectl(CLUSTER, [
      'get',
      'configmap',
      'operator-owner',
      '-n',
      NS,
      '-o',
      'jsonpath={.metadata.uid}',
    ])
    kubectl(
      CLUSTER,
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'served',
          namespace: NS,
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'operator-owner', uid, controller: true },
          ],
        },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'served' } },
          template: {
            metadata: { labels: { app: 'served' } },
            spec: { containers: [{ name: 'c', image: 'vllm:1' }] },
          },
        },
      }),
    )
    kubectl(CLUSTER, ['set', 'image', 'deployment/served', '-n', NS, 'c=vllm:2'])
    const generation = Number(
      kubectl(CLUSTER, ['get', 'deployment', 'served', '-n', NS, '-o', 'jsonpath={.metadata.generation}']),
    )
    const res = await run(
      rollback,
      { cluster: CLUSTER, namespace: NS, name: 'served', revision: 1, generation },
      admin,
    )
    expect(res).toMatchObject({ ok: false, code: 'forbidden' })
    expect((res as { message: string }).message).toMatch(/ConfigMap "operator-owner" controls Deployment/)
    const image = kubectl(CLUSTER, [
      'get',
      'deployment',
      'served',
      '-n',
      NS,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ])
    expect(image).toBe('vllm:2')
  })
})
