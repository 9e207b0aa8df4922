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
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
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
  weights = (await import('@/lib/actions/specs/route-weights')).setRouteWeightsAction as AnySpec
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
    expect(await exec(specs.suspendFluxAction, input('fluxed', v), 'viewer')).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    expect(await exec(specs.suspendFluxAction, input('fluxed', v), 'otherOperator')).toMatchObject({
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
      specs.suspendFluxAction,
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
      await exec(specs.resumeFluxAction, input('fluxed', rv('kustomization', KS, FLUX_NS)), 'operator'),
    ).toMatchObject({
      ok: true,
    })
    expect(suspended()).toBe(false)
  })

  it('a stale resourceVersion: a retry when only metadata moved, a conflict when someone else resumed it', async () => {
    const seen = rv('kustomization', KS, FLUX_NS)
    kubectl(CLUSTER, ['annotate', 'kustomization', KS, '-n', FLUX_NS, `touched=${Date.now()}`])
    expect(await exec(specs.suspendFluxAction, input('fluxed', seen), 'operator')).toMatchObject({ ok: true })
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
    const stale = await exec(specs.resumeFluxAction, input('fluxed', seen3), 'operator')
    expect(stale).toMatchObject({ ok: false, code: 'conflict' })
    expect(stale.message).toMatch(/already resumed/)
    expect((await lastAudit('flux.resume', CALLERS.operator.username)).result).toBe('conflict')
  })
})

describe('Flux HelmRelease', () => {
  it('operator suspends and resumes the HelmRelease in the team namespace', async () => {
    const hr = () => get<Ks>('helmrelease', 'vllm', NS).spec.suspend === true
    expect(
      await exec(specs.suspendFluxAction, input('helmed', rv('helmrelease', 'vllm', NS)), 'operator'),
    ).toMatchObject({
      ok: true,
      data: { ref: { kind: 'HelmRelease', namespace: NS, name: 'vllm' } },
    })
    expect(hr()).toBe(true)
    expect(
      await exec(specs.resumeFluxAction, input('helmed', rv('helmrelease', 'vllm', NS)), 'operator'),
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
      specs.disableArgoAutoSyncAction,
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
      await exec(specs.disableArgoAutoSyncAction, input('argoed', rv('application', APP, ARGO_NS)), 'admin'),
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

    const stale = await exec(specs.disableArgoAutoSyncAction, input('argoed', '1'), 'admin')
    expect(stale).toMatchObject({ ok: false, code: 'conflict' })

    expect(
      await exec(specs.enableArgoAutoSyncAction, input('argoed', rv('application', APP, ARGO_NS)), 'admin'),
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
      await exec(specs.disableArgoAutoSyncAction, input('argoed', rv('application', APP, ARGO_NS)), 'viewer'),
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
      await exec(specs.abortRolloutAction, input('canaried', rv('rollout', 'llama', NS)), 'viewer'),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    })
    const none = await exec(specs.abortRolloutAction, input('argoed', '1'), 'operator')
    expect(none).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(none.message).toMatch(/not owned by an Argo Rollout/)
  })

  it('operator promotes to the next step, then aborts; a stale version after an abort is a conflict', async () => {
    const seen = rv('rollout', 'llama', NS)
    expect(await exec(specs.promoteRolloutAction, input('canaried', seen), 'operator')).toMatchObject({
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
    const abort = await exec(specs.abortRolloutAction, input('canaried', seen), 'operator')
    expect(abort).toMatchObject({ ok: true })
    expect(get<Ro>('rollout', 'llama', NS).status?.abort).toBe(true)
    const row = await lastAudit('rollout.abort', CALLERS.operator.username)
    expect(row).toMatchObject({ result: 'applied', kind: 'Rollout', name: 'llama' })
    expect(JSON.parse(row.after!)).toMatchObject({ rollout: { aborted: true } })
    const again = await exec(specs.abortRolloutAction, input('canaried', seen), 'operator')
    expect(again).toMatchObject({ ok: false, code: 'conflict' })
    expect(again.message).toMatch(/already aborted/)
  })
})

describe('Suspend, then change: one action of two audited writes, undone when the change fails', () => {
  const KS_P = `ks-p-${ID}`
  const KS_N = `ks-n-${ID}`
  let pauseThen: AnySpec
  const ks = (name: string) => get<Ks>('kustomization', name, FLUX_NS)
  const change = (route: string, from: [number, number], to: [number, number]) => ({
    cluster: CLUSTER,
    namespace: NS,
    name: route,
    ruleIndex: 0,
    backends: [
      { name: 'stable', from: from[0], weight: to[0] },
      { name: 'canary', from: from[1], weight: to[1] },
    ],
  })
  type R = { spec: { rules: { backendRefs: { weight: number }[] }[] } }
  const routeWeights = (name: string) =>
    get<R>('httproute', name, NS).spec.rules[0]!.backendRefs.map((b) => b.weight)

  beforeAll(async () => {
    pauseThen = (await import('@/lib/actions/specs/pause-then-weights'))
      .pauseOwnerThenSetWeightsAction as AnySpec
    for (const name of [KS_P, KS_N])
      apply({
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name, namespace: FLUX_NS },
        spec: {
          interval: '10m',
          path: './x',
          prune: true,
          sourceRef: { kind: 'GitRepository', name: 'fleet' },
        },
      })
    // The assistant operators may patch KS_P only; KS_N belongs to the platform team.
    kubectl(CLUSTER, [
      'create',
      'role',
      'owner-p',
      '-n',
      FLUX_NS,
      '--verb=get,patch',
      `--resource=kustomizations.kustomize.toolkit.fluxcd.io`,
      `--resource-name=${KS_P}`,
    ])
    kubectl(CLUSTER, [
      'create',
      'rolebinding',
      'owner-p',
      '-n',
      FLUX_NS,
      '--role=owner-p',
      '--group=aire:operators:assistant',
    ])
    for (const name of [KS_P, KS_N])
      apply(
        route(name === KS_P ? 'paused-p' : 'paused-n', {
          'kustomize.toolkit.fluxcd.io/name': name,
          'kustomize.toolkit.fluxcd.io/namespace': FLUX_NS,
        }),
      )
  })

  it('operator: the Kustomization is suspended, the weights go in with their hold check, all audited', async () => {
    const res = await exec(
      pauseThen,
      {
        ownerResourceVersion: rv('kustomization', KS_P, FLUX_NS),
        change: change('paused-p', [90, 10], [100, 0]),
      },
      'operator',
    )
    expect(res).toMatchObject({ ok: true, data: { owner: { after: { suspended: true } } } })
    expect((res.data as { hold: { auditId: string } | null }).hold?.auditId).toBeTruthy()
    expect(ks(KS_P).spec.suspend).toBe(true)
    expect(routeWeights('paused-p')).toEqual([100, 0])
    const who = CALLERS.operator.username
    expect(await lastAudit('flux.suspend', who)).toMatchObject({ result: 'applied', name: KS_P })
    expect(await lastAudit('route.weights', who)).toMatchObject({ result: 'applied', name: 'paused-p' })
    expect(await lastAudit('route.pause-owner-then-weights', who)).toMatchObject({
      result: 'applied',
      name: 'paused-p',
    })
  })

  it('the change fails (someone moved the weights): the suspend is undone and nothing is changed', async () => {
    const resumed = await exec(
      specs.resumeFluxAction,
      input('paused-p', rv('kustomization', KS_P, FLUX_NS)),
      'operator',
    )
    expect(resumed).toMatchObject({ ok: true })
    const res = await exec(
      pauseThen,
      // The page showed 90/10; the route holds 100/0 now.
      {
        ownerResourceVersion: rv('kustomization', KS_P, FLUX_NS),
        change: change('paused-p', [90, 10], [80, 20]),
      },
      'operator',
    )
    expect(res).toMatchObject({ ok: false, code: 'conflict' })
    expect(res.message).toContain(
      `Kustomization ${FLUX_NS}/${KS_P} was suspended for this change and is resumed again`,
    )
    expect(ks(KS_P).spec.suspend).toBe(false)
    expect(routeWeights('paused-p')).toEqual([100, 0])
    const who = CALLERS.operator.username
    expect(await lastAudit('flux.resume', who)).toMatchObject({ result: 'applied', name: KS_P })
    expect(await lastAudit('route.pause-owner-then-weights', who)).toMatchObject({ result: 'conflict' })
  })

  it('no patch right on the Kustomization: a clear refusal, and neither object is written', async () => {
    const before = rv('kustomization', KS_N, FLUX_NS)
    const res = await exec(
      pauseThen,
      { ownerResourceVersion: before, change: change('paused-n', [90, 10], [100, 0]) },
      'operator',
    )
    expect(res).toMatchObject({ ok: false, code: 'cluster_refused' })
    expect(res.message).toMatch(/RBAC|not allowed|forbidden/i)
    expect(rv('kustomization', KS_N, FLUX_NS)).toBe(before)
    expect(ks(KS_N).spec.suspend).not.toBe(true)
    expect(routeWeights('paused-n')).toEqual([90, 10])
  })

  it('bad input is refused before anything is written, with the fields named; other teams are refused', async () => {
    const seen = rv('kustomization', KS_P, FLUX_NS)
    const bad = await exec(
      pauseThen,
      { ownerResourceVersion: seen, change: change('paused-p', [100, 0], [-1, 0]) },
      'operator',
    )
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(Object.keys((bad as { fieldErrors?: object }).fieldErrors ?? {})).toContain(
      'change.backends.0.weight',
    )
    expect(
      await exec(
        pauseThen,
        { ownerResourceVersion: seen, change: change('paused-p', [100, 0], [50, 50]) },
        'otherOperator',
      ),
    ).toMatchObject({ ok: false, code: 'forbidden' })
    expect(rv('kustomization', KS_P, FLUX_NS)).toBe(seen)
    expect(routeWeights('paused-p')).toEqual([100, 0])
  })

  it('a route no GitOps tool owns: nothing to suspend, nothing written', async () => {
    const res = await exec(
      pauseThen,
      { ownerResourceVersion: '1', change: change('canaried', [90, 10], [100, 0]) },
      'operator',
    )
    expect(res).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(res.message).toMatch(/not re-applied by Flux or Argo CD/)
    expect(routeWeights('canaried')).toEqual([90, 10])
  })
})
