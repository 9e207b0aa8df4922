import { describe, expect, it } from 'vitest'
import { FIELD, fieldManager, ownerOf, ownsPath, type ManagedFieldsEntry } from './ownership'

const rules = { 'f:spec': { 'f:parentRefs': {}, 'f:rules': {} } }
const entry = (manager: string, fieldsV1: unknown, time = '2026-12-06T10:00:00Z', operation = 'Apply') =>
  ({ manager, operation, time, fieldsV1, apiVersion: 'gateway.networking.k8s.io/v1' }) as ManagedFieldsEntry

describe('ownsPath', () => {
  it('finds an atomic list and anything under a field', () => {
    expect(ownsPath(rules, FIELD.routeWeights)).toBe(true)
    expect(ownsPath({ 'f:spec': { 'f:template': { 'f:spec': {} } } }, FIELD.deploymentTemplate)).toBe(true)
    expect(ownsPath({ 'f:spec': { 'f:hostnames': {} } }, FIELD.routeWeights)).toBe(false)
    expect(ownsPath('garbage', FIELD.routeWeights)).toBe(false)
  })
  it('takes the latest writer of the field, never a status writer', () => {
    const m = fieldManager(
      {
        managedFields: [
          entry('kubectl', rules, '2026-12-06T09:00:00Z'),
          entry('kustomize-controller', rules, '2026-12-06T11:00:00Z'),
          {
            manager: 'gateway-controller',
            subresource: 'status',
            time: '2026-12-06T12:00:00Z',
            fieldsV1: rules,
          },
        ],
      },
      FIELD.routeWeights,
    )
    expect(m?.manager).toBe('kustomize-controller')
  })
})

describe('ownerOf', () => {
  it('Argo CD: by instance label, tracking id or its field manager', () => {
    const byLabel = ownerOf({ labels: { 'argocd.argoproj.io/instance': 'llm-prod' } }, FIELD.routeWeights)
    expect(byLabel).toMatchObject({ kind: 'argocd', label: 'Argo CD app "llm-prod"', write: 'warn' })
    expect(byLabel.consequence).toMatch(/reverts this change/)
    const byTracking = ownerOf(
      {
        annotations: {
          'argocd.argoproj.io/tracking-id': 'llm-prod:gateway.networking.k8s.io/HTTPRoute:ns/r',
        },
      },
      FIELD.routeWeights,
    )
    expect(byTracking.label).toBe('Argo CD app "llm-prod"')
    expect(ownerOf({ managedFields: [entry('argocd-controller', rules)] }, FIELD.routeWeights)).toMatchObject(
      {
        kind: 'argocd',
        manager: 'argocd-controller',
      },
    )
  })
  it('Flux: a Kustomization or a HelmRelease, named with its namespace', () => {
    expect(
      ownerOf(
        {
          labels: {
            'kustomize.toolkit.fluxcd.io/name': 'llm',
            'kustomize.toolkit.fluxcd.io/namespace': 'apps',
          },
        },
        FIELD.routeWeights,
      ).label,
    ).toBe('Flux Kustomization apps/llm')
    expect(
      ownerOf(
        {
          labels: {
            'helm.toolkit.fluxcd.io/name': 'vllm',
            'helm.toolkit.fluxcd.io/namespace': 'team-search',
          },
        },
        FIELD.deploymentTemplate,
      ),
    ).toMatchObject({ kind: 'flux-helmrelease', label: 'Flux HelmRelease team-search/vllm' })
  })
  it('a GitOps owner wins over a hand edit of the field: the next sync still reverts it', () => {
    const o = ownerOf(
      {
        labels: { 'kustomize.toolkit.fluxcd.io/name': 'llm' },
        managedFields: [entry('kubectl-edit', rules, '2026-12-06T12:00:00Z', 'Update')],
      },
      FIELD.routeWeights,
    )
    expect(o.kind).toBe('flux-kustomization')
    expect(o.manager).toBe('kubectl-edit')
  })
  it('Argo Rollouts: an owning Rollout or its controller as the weights writer is refused', () => {
    expect(
      ownerOf(
        {
          ownerReferences: [
            { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'llama', controller: true },
          ],
        },
        FIELD.deploymentTemplate,
      ),
    ).toMatchObject({ kind: 'argo-rollouts', write: 'refuse', label: 'Argo Rollout "llama"' })
    expect(
      ownerOf(
        { managedFields: [entry('rollouts-controller', rules, undefined, 'Update')] },
        FIELD.routeWeights,
      ),
    ).toMatchObject({ kind: 'argo-rollouts', write: 'refuse' })
  })
  it('an operator that controls a Deployment refuses a rollback of its template, naming the owner', () => {
    const o = ownerOf(
      {
        ownerReferences: [
          {
            apiVersion: 'serving.kserve.io/v1beta1',
            kind: 'InferenceService',
            name: 'llama',
            controller: true,
          },
        ],
      },
      FIELD.deploymentTemplate,
    )
    expect(o).toMatchObject({ kind: 'operator', write: 'refuse', label: 'InferenceService "llama"' })
    expect(o.consequence).toMatch(/serving\.kserve\.io.*change the InferenceService instead/)
    const lws = ownerOf(
      {
        ownerReferences: [
          {
            apiVersion: 'leaderworkerset.x-k8s.io/v1',
            kind: 'LeaderWorkerSet',
            name: 'ds',
            controller: true,
          },
        ],
      },
      FIELD.deploymentTemplate,
    )
    expect(lws.kind).toBe('operator')
  })
  it('Helm, Flagger and kubectl apply warn what the next apply or step does', () => {
    expect(
      ownerOf(
        {
          annotations: { 'meta.helm.sh/release-name': 'vllm' },
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        },
        FIELD.deploymentTemplate,
      ),
    ).toMatchObject({ kind: 'helm', label: 'Helm release "vllm"', write: 'warn' })
    expect(
      ownerOf({ managedFields: [entry('flagger', rules, undefined, 'Update')] }, FIELD.routeWeights).kind,
    ).toBe('flagger')
    const applied = ownerOf(
      { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"HTTPRoute"}' } },
      FIELD.routeWeights,
    )
    expect(applied).toMatchObject({ kind: 'kubectl-apply', write: 'warn' })
    expect(applied.consequence).toMatch(/next kubectl apply .* restores the old value/)
    expect(ownerOf({ managedFields: [entry('kubectl', rules)] }, FIELD.routeWeights).kind).toBe(
      'kubectl-apply',
    )
  })
  it('no other owner: allowed', () => {
    expect(
      ownerOf({ managedFields: [entry('kubectl-patch', rules, undefined, 'Update')] }, FIELD.routeWeights),
    ).toMatchObject({
      kind: 'none',
      write: 'allowed',
    })
    expect(ownerOf({}, FIELD.quotaHard).kind).toBe('none')
  })
  it('never throws on malformed metadata', () => {
    const bad = [
      null,
      undefined,
      { managedFields: 'nope' },
      { managedFields: [null, 7, { fieldsV1: 'x' }] },
      { ownerReferences: [null, { controller: 'yes' }] },
      { labels: null, annotations: 5 },
    ]
    for (const m of bad) expect(() => ownerOf(m as never, FIELD.routeWeights)).not.toThrow()
    expect(ownerOf(null, FIELD.routeWeights).kind).toBe('unknown')
  })
})
