import { describe, expect, it } from 'vitest'
import { kubectl } from '@/harness/kubectl'

const CLUSTER = 'gpu-west'
const SA = 'system:serviceaccount:aire-system:aire-console'

function canI(verb: string, resource: string, extra: string[] = []): boolean {
  try {
    return kubectl(CLUSTER, ['auth', 'can-i', verb, resource, `--as=${SA}`, ...extra]).trim() === 'yes'
  } catch {
    // `kubectl auth can-i` exits 1 for "no".
    return false
  }
}

describe('deployment manifests (kustomize base)', () => {
  const rendered = kubectl(CLUSTER, ['kustomize', 'deploy/kustomize/base'])

  it('render to the objects an in-cluster install needs, hardened', () => {
    for (const kind of [
      'Namespace',
      'ServiceAccount',
      'ClusterRole',
      'ClusterRoleBinding',
      'Deployment',
      'Service',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'ConfigMap',
    ]) {
      expect(rendered).toMatch(new RegExp(`^kind: ${kind}$`, 'm'))
    }
    expect(rendered).toContain('readOnlyRootFilesystem: true')
    expect(rendered).toContain('runAsNonRoot: true')
    expect(rendered).toContain('path: /readyz')
    expect(rendered).toContain('path: /healthz')
    expect(rendered).not.toContain('cluster-admin')
  })

  it('are accepted by the real API server (server-side dry run validates every object)', () => {
    const out = kubectl(CLUSTER, ['apply', '--dry-run=server', '-f', '-'], rendered)
    expect(out).toMatch(/deployment\.apps\/aire-console (created|configured|unchanged) \(server dry run\)/)
    expect(out).toMatch(/networkpolicy\.networking\.k8s\.io\/aire-console .*\(server dry run\)/)
  })

  it('give the console service account read and impersonate, and nothing else', () => {
    // The dev clusters run the same ClusterRole (dev/cluster/rbac/console.yaml), so can-i answers for it.
    expect(canI('list', 'nodes')).toBe(true)
    expect(canI('watch', 'httproutes.gateway.networking.k8s.io')).toBe(true)
    expect(canI('watch', 'inferenceobjectives.inference.networking.x-k8s.io')).toBe(true)
    expect(canI('watch', 'rollouts.argoproj.io')).toBe(true)
    expect(canI('get', 'applications.argoproj.io', ['-n', 'argocd'])).toBe(true)
    expect(canI('watch', 'kustomizations.kustomize.toolkit.fluxcd.io')).toBe(true)
    expect(canI('watch', 'helmreleases.helm.toolkit.fluxcd.io')).toBe(true)
    expect(canI('patch', 'kustomizations.kustomize.toolkit.fluxcd.io', ['-n', 'flux-system'])).toBe(false)
    expect(canI('patch', 'rollouts.argoproj.io', ['-n', 'team-assistant', '--subresource=status'])).toBe(
      false,
    )
    expect(canI('impersonate', 'users')).toBe(true)
    expect(canI('impersonate', 'groups')).toBe(true)
    expect(canI('patch', 'httproutes.gateway.networking.k8s.io', ['-n', 'team-assistant'])).toBe(false)
    expect(canI('update', 'deployments.apps', ['-n', 'team-assistant'])).toBe(false)
    expect(canI('create', 'resourcequotas', ['-n', 'team-assistant'])).toBe(false)
    expect(canI('get', 'secrets', ['-n', 'aire-system'])).toBe(false)
    expect(canI('impersonate', 'serviceaccounts')).toBe(false)
    expect(canI('*', '*')).toBe(false)
  })
})
