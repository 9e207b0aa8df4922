import { describe, expect, it } from 'vitest'
import {
  argoAppRef,
  gitopsOwnerOf,
  ownerPath,
  ownerState,
  previousAutomated,
  promotePatches,
  rolloutOwnerRef,
  rolloutRoutes,
  PREVIOUS_AUTOMATED,
} from '@/lib/k8s/owner-objects'

describe('the owner object a route names', () => {
  it('Argo CD: instance label, namespace_name form, tracking-id', () => {
    expect(gitopsOwnerOf({ labels: { 'argocd.argoproj.io/instance': 'search-llm' } })).toEqual({
      kind: 'Application',
      namespace: 'argocd',
      name: 'search-llm',
    })
    expect(argoAppRef('apps_llm')).toEqual({ kind: 'Application', namespace: 'apps', name: 'llm' })
    expect(
      gitopsOwnerOf({
        annotations: {
          'argocd.argoproj.io/tracking-id': 'llm-prod:gateway.networking.k8s.io/HTTPRoute:ns/r',
        },
      }),
    ).toEqual({ kind: 'Application', namespace: 'argocd', name: 'llm-prod' })
  })

  it('Flux: Kustomization and HelmRelease need both name and namespace labels', () => {
    expect(
      gitopsOwnerOf({
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'vision-serving',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      }),
    ).toEqual({ kind: 'Kustomization', namespace: 'flux-system', name: 'vision-serving' })
    expect(
      gitopsOwnerOf({
        labels: { 'helm.toolkit.fluxcd.io/name': 'vllm', 'helm.toolkit.fluxcd.io/namespace': 'team-a' },
      }),
    ).toEqual({ kind: 'HelmRelease', namespace: 'team-a', name: 'vllm' })
    expect(gitopsOwnerOf({ labels: { 'kustomize.toolkit.fluxcd.io/name': 'x' } })).toBeNull()
  })

  it('malformed or hostile metadata is no owner, never a throw', () => {
    for (const m of [
      null,
      undefined,
      {},
      { labels: 'x' },
      { labels: { 'argocd.argoproj.io/instance': '../../etc' } },
      { labels: { 'argocd.argoproj.io/instance': 5 } },
      { annotations: { 'argocd.argoproj.io/tracking-id': ':::' } },
      { labels: { 'kustomize.toolkit.fluxcd.io/name': 'a/b', 'kustomize.toolkit.fluxcd.io/namespace': 'n' } },
    ])
      expect(gitopsOwnerOf(m as never)).toBeNull()
  })

  it('Rollout: by owner reference, or by the Gateway API plugin naming the route', () => {
    expect(
      rolloutOwnerRef(
        { ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'llama' }] },
        'ns',
      ),
    ).toEqual({ kind: 'Rollout', namespace: 'ns', name: 'llama' })
    expect(
      rolloutOwnerRef({ ownerReferences: [{ kind: 'Rollout', apiVersion: 'other/v1', name: 'x' }] }, 'n'),
    ).toBeNull()
    const ro = {
      spec: {
        strategy: {
          canary: {
            trafficRouting: {
              plugins: {
                'argoproj-labs/gatewayAPI': {
                  httpRoute: 'chat',
                  namespace: 'team-a',
                  httpRoutes: [{ name: 'b' }],
                },
              },
            },
          },
        },
      },
    }
    expect(rolloutRoutes(ro)).toEqual([
      { namespace: 'team-a', name: 'chat' },
      { namespace: 'team-a', name: 'b' },
    ])
    expect(rolloutRoutes({ spec: 'x' })).toEqual([])
  })

  it('paths use the installed versions', () => {
    expect(ownerPath({ kind: 'Kustomization', namespace: 'flux-system', name: 'a' })).toBe(
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/a',
    )
    expect(ownerPath({ kind: 'Rollout', namespace: 'n', name: 'r' }, 'status')).toBe(
      '/apis/argoproj.io/v1alpha1/namespaces/n/rollouts/r/status',
    )
  })
})

describe('owner state', () => {
  const app = { kind: 'Application', namespace: 'argocd', name: 'a' } as const
  it('Flux suspend, Argo CD auto-sync (enabled:false is off), Rollout step', () => {
    expect(
      ownerState({ kind: 'Kustomization', namespace: 'f', name: 'k' }, { spec: { suspend: true } }).suspended,
    ).toBe(true)
    expect(ownerState({ kind: 'HelmRelease', namespace: 'f', name: 'h' }, {}).suspended).toBe(false)
    const on = ownerState(app, {
      metadata: { resourceVersion: '12' },
      spec: {
        source: { repoURL: 'https://git/x', path: 'p' },
        syncPolicy: { automated: { selfHeal: true } },
      },
    })
    expect(on).toMatchObject({
      resourceVersion: '12',
      autoSync: true,
      selfHeal: true,
      source: { repoURL: 'https://git/x', path: 'p' },
    })
    expect(ownerState(app, { spec: { syncPolicy: { automated: { enabled: false } } } }).autoSync).toBe(false)
    expect(ownerState(app, { spec: {} }).autoSync).toBe(false)
    const ro = ownerState(
      { kind: 'Rollout', namespace: 'n', name: 'r' },
      {
        spec: { strategy: { canary: { steps: [{}, {}, {}] } } },
        status: { currentStepIndex: 1, abort: true, phase: 'Degraded' },
      },
    )
    expect(ro.rollout).toEqual({ phase: 'Degraded', aborted: true, paused: false, step: 1, steps: 3 })
  })

  it('the previous automated policy survives only as valid JSON', () => {
    expect(
      previousAutomated({ metadata: { annotations: { [PREVIOUS_AUTOMATED]: '{"prune":true}' } } }),
    ).toEqual({ prune: true })
    expect(previousAutomated({ metadata: { annotations: { [PREVIOUS_AUTOMATED]: '{bad' } } })).toBeNull()
    expect(previousAutomated({ metadata: { annotations: { [PREVIOUS_AUTOMATED]: '[1]' } } })).toBeNull()
  })
})

describe('promote, as kubectl argo rollouts promote', () => {
  const canary = (status: Record<string, unknown>, paused = false) => ({
    spec: { paused, strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }] } } },
    status,
  })
  it('clears pause conditions when paused by a step', () => {
    expect(
      promotePatches(canary({ pauseConditions: [{ reason: 'CanaryPauseStep' }], currentStepIndex: 1 })),
    ).toEqual({
      spec: null,
      status: { status: { pauseConditions: null } },
    })
  })
  it('otherwise moves to the next step, never past the last', () => {
    expect(promotePatches(canary({ currentStepIndex: 0 })).status).toEqual({
      status: { pauseConditions: null, currentStepIndex: 1 },
    })
    expect(promotePatches(canary({ currentStepIndex: 3 })).status).toEqual({
      status: { pauseConditions: null, currentStepIndex: 3 },
    })
  })
  it('unpauses a paused spec', () => {
    expect(promotePatches(canary({}, true)).spec).toEqual({ spec: { paused: false } })
  })
  it('a rollout without steps: nothing to promote', () => {
    expect(promotePatches({ spec: { strategy: { blueGreen: {} } } })).toEqual({ spec: null, status: null })
  })
})
