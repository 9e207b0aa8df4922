/**
 * The owner's path as actions (issue 14.3), on the real API server with the real CRDs from the
 * owners' Go modules (dev/cluster/cluster.sh): suspend / resume a Flux Kustomization, disable /
 * re-enable an Argo CD Application's auto-sync, abort / promote an Argo Rollout. Each goes through
 * executeAction as the user (impersonated), conditional on the resourceVersion shown, audited.
 * No Flux, Argo CD or Rollouts controller runs here: the tests check what is written.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/tests/support/kubeconfigs'
import { kubectl, kubectlJson } from '@/tests/support/kubectl'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const ID = randomUUID().slice(0, 6)
const NS = `owner-${ID}`
const FLUX_NS = `flux-${ID}`
const ARGO_NS = 'argocd'
const KS = `ks-${ID}`
const APP = `app-${ID}`
type AnySpec = ActionSpec<z.ZodType, unknown>
type Res = { ok: boolean; code?: string; message?: string; data?: unknown; current?: unknown }

let run: typeof import('@/lib/actions/run-action').executeAction
let specs: typeof import('@/lib/actions/specs/owner-actions')
let weights: AnySpec
let db: typeof import('@/lib/db/client').db
let routeOwnerViews: typeof import('@/lib/fleet/owner-state').routeOwnerViews
const as = (u: keyof typeof CALLERS) => ({ user: CALLERS[u], originOk: true })
const exec = (spec: unknown, input: unknown, who: keyof typeof CALLERS) =>
  run(spec as AnySpec, input, as(who)) as Promise<Res>

const apply = (obj: unknown) => kubectl(CLUSTER, ['apply', '--server-side', '-f', '-'], JSON.stringify(obj))
const get = <T>(kind: string, name: string, ns: string) =>
  kubectlJson<T>(CLUSTER, ['get', kind, name, '-n', ns])
const rv = (kind: string, name: string, ns: string) =>
  get<{ metadata: { resourceVersion: string } }>(kind, name, ns).metadata.resourceVersion
const input = (route: string, resourceVersion: string) => ({
  cluster: CLUSTER,
  namespace: NS,
  name: route,
  resourceVersion,
})

const route = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name, namespace: NS, labels },
  spec: {
    parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
    rules: [
      {
        backendRefs: [
          { name: 'stable', port: 8000, weight: 90 },
          { name: 'canary', port: 8000, weight: 10 },
        ],
      },
    ],
  },
})
const rollout = (name: string, httpRoute: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, namespace: NS },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'vllm:2' }] } },
    strategy: {
      canary: {
        stableService: 'stable',
        canaryService: 'canary',
        steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }],
        trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute, namespace: NS } } },
      },
    },
  },
})

async function lastAudit(action: string, actor: string) {
  return db().auditEvent.findFirstOrThrow({ where: { action, actor }, orderBy: { at: 'desc' } })
}

beforeAll(async () => {
  kubeconfigs()
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  specs = await import('@/lib/actions/specs/owner-actions')
  weights = (await import('@/lib/actions/specs/route-weights')).routeWeightsAction as AnySpec
  ;({ routeOwnerViews } = await import('@/lib/fleet/owner-state'))
  for (const crd of [
    'kustomizations.kustomize.toolkit.fluxcd.io',
    'applications.argoproj.io',
    'rollouts.argoproj.io',
  ])
    kubectl(CLUSTER, ['get', 'crd', crd, '-o', 'name']) // fails fast if cluster.sh did not install it
  kubectl(CLUSTER, ['create', 'namespace', NS])
  kubectl(CLUSTER, ['label', 'namespace', NS, 'aire.dev/team=assistant'])
  kubectl(CLUSTER, ['create', 'namespace', FLUX_NS])
  try {
    kubectl(CLUSTER, ['create', 'namespace', ARGO_NS])
  } catch {
    // already there (the seed's demo Application lives in it)
  }
  // The team's operators get their own Kustomization (as dev/seed does), not the Application.
  kubectl(CLUSTER, [
    'create',
    'rolebinding',
    'aire-operator',
    '-n',
    NS,
    '--clusterrole=aire-operator',
    '--group=aire:operators:assistant',
  ])
  kubectl(CLUSTER, [
    'create',
    'role',
    'owner',
    '-n',
    FLUX_NS,
    '--verb=get,patch',
    `--resource=kustomizations.kustomize.toolkit.fluxcd.io`,
    `--resource-name=${KS}`,
  ])
  kubectl(CLUSTER, [
    'create',
    'rolebinding',
    'owner',
    '-n',
    FLUX_NS,
    '--role=owner',
    '--group=aire:operators:assistant',
  ])
  apply({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: KS, namespace: FLUX_NS },
    spec: { interval: '10m', path: './x', prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } },
  })
  apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: APP, namespace: ARGO_NS },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example.com/fleet.git', path: `apps/${ID}`, targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: NS },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  })
  apply(
    route('fluxed', {
      'kustomize.toolkit.fluxcd.io/name': KS,
      'kustomize.toolkit.fluxcd.io/namespace': FLUX_NS,
    }),
  )
  apply(route('argoed', { 'argocd.argoproj.io/instance': APP }))
  // A HelmRelease in the team's own namespace: the operator's aire-operator binding covers it.
  apply({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'vllm', namespace: NS },
    spec: {
      interval: '5m',
      chart: { spec: { chart: 'vllm', sourceRef: { kind: 'HelmRepository', name: 'charts' } } },
    },
  })
  apply(route('helmed', { 'helm.toolkit.fluxcd.io/name': 'vllm', 'helm.toolkit.fluxcd.io/namespace': NS }))
  apply(route('canaried', {}))
  apply(rollout('llama', 'canaried'))
}, 90_000)

afterAll(async () => {
  for (const ns of [NS, FLUX_NS]) kubectl(CLUSTER, ['delete', 'namespace', ns, '--wait=false'])
  kubectl(CLUSTER, ['delete', 'application', APP, '-n', ARGO_NS, '--wait=false'])
  ;(await import('@/lib/k8s/watch/cache')).stopWatchCache()
})

type Ks = { metadata: { resourceVersion: string }; spec: { suspend?: boolean } }
const suspended = () => get<Ks>('kustomization', KS, FLUX_NS).spec.suspend === true

describe('Flux: suspend, change, resume', () => {
  it('a viewer and another team’s operator are refused; nothing is written', async () => {
    const v = rv('kustomization', KS, FLUX_NS)
    expect(await exec(specs.fluxSuspendAction, input('fluxed', v), 'viewer')).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    expect(await exec(specs.fluxSuspendAction, input('fluxed', v), 'otherOperator')).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    expect(suspended()).toBe(false)
  })

  it('the page offers Suspend to the operator (a live read of the Kustomization)', async () => {
    const views = await routeOwnerViews(
      [
        {
          key: 'k',
          cluster: CLUSTER,
          namespace: NS,
          name: 'fluxed',
          owner: { kind: 'flux-kustomization' },
        } as never,
      ],
      CALLERS.operator,
    )
    expect(views.get('k')).toMatchObject({
      ref: { kind: 'Kustomization', namespace: FLUX_NS, name: KS },
      state: { suspended: false },
      mayPatch: true,
    })
  })

  it('operator suspends (audited before/after), the weight change goes in, then resumes', async () => {
    const t0 = Date.now()
    const res = await exec(
      specs.fluxSuspendAction,
      input('fluxed', rv('kustomization', KS, FLUX_NS)),
      'operator',
    )
    expect(res).toMatchObject({ ok: true })
    console.log(`suspend Kustomization: ${Date.now() - t0} ms`)
    expect(suspended()).toBe(true)
    const row = await lastAudit('flux.suspend', CALLERS.operator.username)
    expect(row).toMatchObject({ result: 'applied', kind: 'Kustomization', namespace: FLUX_NS, name: KS })
    expect(JSON.parse(row.before!)).toMatchObject({ suspended: false })
    expect(JSON.parse(row.after!)).toMatchObject({ suspended: true })

    const change = {
      cluster: CLUSTER,
      namespace: NS,
      name: 'fluxed',
      ruleIndex: 0,
      backends: [
        { name: 'stable', from: 90, weight: 100 },
        { name: 'canary', from: 10, weight: 0 },
      ],
    }
    expect(await run(weights, change, as('operator'))).toMatchObject({ ok: true })

    const views = await routeOwnerViews(
      [
        {
          key: 'k',
          cluster: CLUSTER,
          namespace: NS,
          name: 'fluxed',
          owner: { kind: 'flux-kustomization' },
        } as never,
      ],
      CALLERS.operator,
    )
    expect(views.get('k')?.state?.suspended).toBe(true)
    expect(
      await exec(specs.fluxResumeAction, input('fluxed', rv('kustomization', KS, FLUX_NS)), 'operator'),
    ).toMatchObject({
      ok: true,
    })
    expect(suspended()).toBe(false)
  })

  it('a stale resourceVersion: a retry when only metadata moved, a conflict when someone else resumed it', async () => {
    const seen = rv('kustomization', KS, FLUX_NS)
    kubectl(CLUSTER, ['annotate', 'kustomization', KS, '-n', FLUX_NS, `touched=${Date.now()}`])
    expect(await exec(specs.fluxSuspendAction, input('fluxed', seen), 'operator')).toMatchObject({ ok: true })
    expect(suspended()).toBe(true)
    const seen3 = rv('kustomization', KS, FLUX_NS)
    kubectl(CLUSTER, [
      'patch',
      'kustomization',
      KS,
      '-n',
      FLUX_NS,
      '--type=merge',
      '-p',
      '{"spec":{"suspend":false}}',
    ])
    const stale = await exec(specs.fluxResumeAction, input('fluxed', seen3), 'operator')
    expect(stale).toMatchObject({ ok: false, code: 'conflict' })
    expect(stale.message).toMatch(/already resumed/)
    expect((await lastAudit('flux.resume', CALLERS.operator.username)).result).toBe('conflict')
  })
})

describe('Flux HelmRelease', () => {
  it('operator suspends and resumes the HelmRelease in the team namespace', async () => {
    const hr = () => get<Ks>('helmrelease', 'vllm', NS).spec.suspend === true
    expect(
      await exec(specs.fluxSuspendAction, input('helmed', rv('helmrelease', 'vllm', NS)), 'operator'),
    ).toMatchObject({
      ok: true,
      data: { ref: { kind: 'HelmRelease', namespace: NS, name: 'vllm' } },
    })
    expect(hr()).toBe(true)
    expect(
      await exec(specs.fluxResumeAction, input('helmed', rv('helmrelease', 'vllm', NS)), 'operator'),
    ).toMatchObject({
      ok: true,
    })
    expect(hr()).toBe(false)
  })
})

type App = {
  metadata: { annotations?: Record<string, string> }
  spec: { syncPolicy?: { automated?: unknown } }
}
const automated = () => get<App>('application', APP, ARGO_NS).spec.syncPolicy?.automated

describe('Argo CD: disable and re-enable auto-sync', () => {
  it('an operator without rights on the Application is told where to change it in Git', async () => {
    const res = await exec(
      specs.argoDisableAutoSyncAction,
      input('argoed', rv('application', APP, ARGO_NS)),
      'operator',
    )
    expect(res).toMatchObject({ ok: false, code: 'cluster_refused' })
    expect(res.message).toContain(`https://git.example.com/fleet.git, path apps/${ID} (main)`)
    expect(automated()).toEqual({ prune: true, selfHeal: true })
    const views = await routeOwnerViews(
      [{ key: 'a', cluster: CLUSTER, namespace: NS, name: 'argoed', owner: { kind: 'argocd' } } as never],
      CALLERS.operator,
    )
    expect(views.get('a')).toMatchObject({ state: { autoSync: true, selfHeal: true }, mayPatch: false })
  })

  it('admin disables it (previous policy in the audit) and re-enables it as it was', async () => {
    expect(
      await exec(specs.argoDisableAutoSyncAction, input('argoed', rv('application', APP, ARGO_NS)), 'admin'),
    ).toMatchObject({
      ok: true,
    })
    expect(automated()).toBeUndefined()
    expect(
      JSON.parse(get<App>('application', APP, ARGO_NS).metadata.annotations!['aire.dev/previous-automated']!),
    ).toEqual({ prune: true, selfHeal: true })
    const row = await lastAudit('argocd.disable-auto-sync', CALLERS.admin.username)
    expect(JSON.parse(row.before!)).toMatchObject({
      autoSync: true,
      automated: { prune: true, selfHeal: true },
    })
    expect(row).toMatchObject({ kind: 'Application', namespace: ARGO_NS, name: APP })

    const stale = await exec(specs.argoDisableAutoSyncAction, input('argoed', '1'), 'admin')
    expect(stale).toMatchObject({ ok: false, code: 'conflict' })

    expect(
      await exec(specs.argoEnableAutoSyncAction, input('argoed', rv('application', APP, ARGO_NS)), 'admin'),
    ).toMatchObject({
      ok: true,
    })
    expect(automated()).toEqual({ prune: true, selfHeal: true })
    expect(
      get<App>('application', APP, ARGO_NS).metadata.annotations?.['aire.dev/previous-automated'],
    ).toBeUndefined()
  })

  it('a viewer is refused', async () => {
    expect(
      await exec(specs.argoDisableAutoSyncAction, input('argoed', rv('application', APP, ARGO_NS)), 'viewer'),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
  })
})

type Ro = { status?: { abort?: boolean; currentStepIndex?: number; pauseConditions?: unknown } }
describe('Argo Rollouts: abort and promote (status subresource, as kubectl argo rollouts)', () => {
  it('a viewer is refused; a route without a Rollout is named as such', async () => {
    expect(
      await exec(specs.rolloutAbortAction, input('canaried', rv('rollout', 'llama', NS)), 'viewer'),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    const none = await exec(specs.rolloutAbortAction, input('argoed', '1'), 'operator')
    expect(none).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(none.message).toMatch(/not owned by an Argo Rollout/)
  })

  it('operator promotes to the next step, then aborts; a stale version after an abort is a conflict', async () => {
    const seen = rv('rollout', 'llama', NS)
    expect(await exec(specs.rolloutPromoteAction, input('canaried', seen), 'operator')).toMatchObject({
      ok: true,
    })
    expect(get<Ro>('rollout', 'llama', NS).status?.currentStepIndex).toBe(1)
    // a status write in between (the controller's) is no conflict
    kubectl(CLUSTER, [
      'patch',
      'rollout',
      'llama',
      '-n',
      NS,
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Paused"}}',
    ])
    const abort = await exec(specs.rolloutAbortAction, input('canaried', seen), 'operator')
    expect(abort).toMatchObject({ ok: true })
    expect(get<Ro>('rollout', 'llama', NS).status?.abort).toBe(true)
    const row = await lastAudit('rollout.abort', CALLERS.operator.username)
    expect(row).toMatchObject({ result: 'applied', kind: 'Rollout', name: 'llama' })
    expect(JSON.parse(row.after!)).toMatchObject({ rollout: { aborted: true } })
    const again = await exec(specs.rolloutAbortAction, input('canaried', seen), 'operator')
    expect(again).toMatchObject({ ok: false, code: 'conflict' })
    expect(again.message).toMatch(/already aborted/)
  })
})
