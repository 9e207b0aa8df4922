import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import yaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { kubectl, kubectlPath } from '@/harness/kubectl'

// The Helm chart (deploy/helm/aire-console) with helm built from the Go module proxy beside kubectl
// (dev/controlplane/build.sh): lint, render the defaults and every option, hold it to the kustomize
// base's least privilege, and have the real API server accept what it renders.

const CHART = 'deploy/helm/aire-console'
const CLUSTER = 'gpu-west'
const helmBin = join(dirname(kubectlPath()), 'helm')

interface K8sObject {
  kind: string
  metadata: { name: string; namespace?: string }
  rules?: unknown[]
  spec?: Record<string, unknown>
}

function helm(args: string[]): string {
  return execFileSync(helmBin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

/** The chart rendered as `helm install aire-console -n aire-system` would, with one of its ci/ value files. */
function template(values: string): string {
  return helm([
    'template',
    'aire-console',
    CHART,
    '--namespace',
    'aire-system',
    '-f',
    `${CHART}/ci/${values}`,
  ])
}

function render(values: string): K8sObject[] {
  return (yaml.loadAll(template(values)) as (K8sObject | null)[]).filter((o): o is K8sObject => o !== null)
}

function helmError(args: string[]): string {
  try {
    helm(args)
  } catch (e) {
    return String((e as { stderr?: string }).stderr ?? e)
  }
  return ''
}

describe('Helm chart', () => {
  it('is built beside kubectl', () => {
    expect(existsSync(helmBin), `${helmBin}: run bash dev/controlplane/build.sh`).toBe(true)
  })

  it('lints clean with its defaults and with every option set', () => {
    for (const v of ['default-values.yaml', 'full-values.yaml']) {
      const out = helm(['lint', CHART, '--strict', '-f', `${CHART}/ci/${v}`])
      expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/)
    }
  })

  it('renders the hardened install: two replicas, probes, PDB, NetworkPolicy, non-root, read-only root', () => {
    const objs = render('default-values.yaml')
    const kinds = objs.map((o) => o.kind).sort()
    expect(kinds).toEqual(
      [
        'ClusterRole',
        'ClusterRoleBinding',
        'ConfigMap',
        'Deployment',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Secret',
        'Service',
        'ServiceAccount',
      ].sort(),
    )
    const text = template('default-values.yaml')
    expect(text).toContain('replicas: 2')
    expect(text).toContain('readOnlyRootFilesystem: true')
    expect(text).toContain('runAsNonRoot: true')
    expect(text).toContain('path: /readyz')
    expect(text).toContain('path: /healthz')
    expect(text).not.toContain('cluster-admin')
  })

  it('with every option: ingress, OIDC group map, an existing secret instead of a rendered one', () => {
    const objs = render('full-values.yaml')
    expect(objs.map((o) => o.kind)).toContain('Ingress')
    expect(objs.map((o) => o.kind)).not.toContain('Secret')
    const cm = objs.find((o) => o.kind === 'ConfigMap') as unknown as { data: Record<string, string> }
    expect(JSON.parse(cm.data.AIRE_OIDC_GROUP_MAP!)).toContainEqual({ group: 'platform', role: 'admin' })
    expect(cm.data.OIDC_ISSUER).toBe('https://idp.example.com')
  })

  it('refuses to render without the values it cannot guess, with a message naming them', () => {
    expect(helmError(['template', 'aire-console', CHART])).toMatch(
      /secrets\.nextauthSecret \(or existingSecret\) is required/,
    )
  })

  it('grants exactly the kustomize base ClusterRole: read and impersonate only', () => {
    const chartRole = render('default-values.yaml').find((o) => o.kind === 'ClusterRole')!
    const base = (yaml.loadAll(kubectl(CLUSTER, ['kustomize', 'deploy/kustomize/base'])) as K8sObject[]).find(
      (o) => o?.kind === 'ClusterRole',
    )!
    expect(chartRole.rules).toEqual(base.rules)
  })

  it('is accepted by the real API server (server-side dry run of both renderings)', () => {
    for (const v of ['default-values.yaml', 'full-values.yaml']) {
      const rendered = template(v)
      const out = kubectl(CLUSTER, ['apply', '--dry-run=server', '-n', 'aire-system', '-f', '-'], rendered)
      expect(out).toMatch(/deployment\.apps\/aire-console (created|configured|unchanged) \(server dry run\)/)
      expect(out).toMatch(/networkpolicy\.networking\.k8s\.io\/aire-console .*\(server dry run\)/)
    }
  })
})
