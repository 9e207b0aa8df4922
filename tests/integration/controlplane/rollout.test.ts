import { afterAll, describe, expect, it } from 'vitest'
import * as k8s from '@kubernetes/client-node'
import { admin, sleep, uniq } from './helpers'

const REVISION = 'deployment.kubernetes.io/revision'

// The real kube-controller-manager is running: a template change makes the
// deployment controller create a new ReplicaSet with a higher revision, and the
// scheduler + kwok bring its pods up.
describe('deployment controller', () => {
  const ns = 'team-vision'
  const name = uniq('cp-rollout')
  const c = admin()

  afterAll(async () => {
    await c.apps
      .deleteNamespacedDeployment({ name, namespace: ns, propagationPolicy: 'Background' })
      .catch(() => undefined)
  })

  async function replicaSets(): Promise<k8s.V1ReplicaSet[]> {
    const list = await c.apps.listNamespacedReplicaSet({
      namespace: ns,
      labelSelector: `aire.dev/model=${name}`,
    })
    return list.items.filter((rs) =>
      rs.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === name),
    )
  }

  async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const end = Date.now() + timeoutMs
    for (;;) {
      const v = await fn()
      if (v !== undefined) return v
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
      await sleep(300)
    }
  }

  it('creates a new ReplicaSet with a higher revision when the image changes', async () => {
    const labels = {
      'aire.dev/model': name,
      'aire.dev/version': 'v1',
      'aire.dev/track': 'stable',
      'aire.dev/team': 'vision',
      'aire.dev/component': 'model-server',
    }
    await c.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: { 'aire.dev/model': name, 'aire.dev/version': 'v1' } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
          template: {
            metadata: { labels },
            spec: {
              // CPU-only on the system pool so the test never competes with seeded GPU pods
              nodeSelector: { 'aire.dev/pool': 'system' },
              tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
              containers: [
                {
                  name: 'vllm',
                  image: 'vllm/vllm-openai:v0.10.1',
                  args: [`--model=test/${name}`],
                  resources: { requests: { cpu: '100m' } },
                },
              ],
            },
          },
        },
      },
    })
    const first = await waitFor('revision 1 ready', async () => {
      const d = await c.apps.readNamespacedDeployment({ name, namespace: ns })
      const rs = await replicaSets()
      return d.status?.readyReplicas === 2 && rs.length === 1 ? rs[0] : undefined
    })
    expect(first.metadata?.annotations?.[REVISION]).toBe('1')

    await c.apps.patchNamespacedDeployment(
      {
        name,
        namespace: ns,
        body: [
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'vllm/vllm-openai:v0.10.2',
          },
        ],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    )

    const second = await waitFor('revision 2 rolled out', async () => {
      const d = await c.apps.readNamespacedDeployment({ name, namespace: ns })
      const rs = await replicaSets()
      const newest = rs.find(
        (r) => r.spec?.template?.spec?.containers[0]?.image === 'vllm/vllm-openai:v0.10.2',
      )
      const oldScaledDown = rs
        .filter((r) => r !== newest)
        .every((r) => r.spec?.replicas === 0 && (r.status?.replicas ?? 0) === 0)
      const done =
        d.status?.updatedReplicas === 2 &&
        d.status?.readyReplicas === 2 &&
        d.status?.replicas === 2 &&
        oldScaledDown
      return newest && done ? newest : undefined
    })
    expect(Number(second.metadata?.annotations?.[REVISION])).toBeGreaterThan(
      Number(first.metadata?.annotations?.[REVISION]),
    )
    const old = (await replicaSets()).find((r) => r.metadata?.name === first.metadata?.name)
    expect(old?.spec?.replicas).toBe(0)

    // pods of the new revision were scheduled onto kwok nodes and are Running
    const pods = await c.core.listNamespacedPod({
      namespace: ns,
      labelSelector: `aire.dev/model=${name},pod-template-hash=${second.metadata?.labels?.['pod-template-hash']}`,
    })
    expect(
      pods.items.filter((p) => p.status?.phase === 'Running' && p.spec?.nodeName?.includes('-system-'))
        .length,
    ).toBe(2)
  })

  it('seeded model servers went through three real rollouts', async () => {
    const deps = await c.apps.listDeploymentForAllNamespaces({
      labelSelector: 'aire.dev/seeded=true,aire.dev/component=model-server',
    })
    expect(deps.items.length).toBeGreaterThan(5)
    const rs = await c.apps.listReplicaSetForAllNamespaces({
      labelSelector: 'aire.dev/component=model-server,aire.dev/model=llama-3-1-8b',
    })
    const revisions = rs.items.map((r) => Number(r.metadata?.annotations?.[REVISION])).sort((a, b) => a - b)
    expect(revisions.length).toBeGreaterThanOrEqual(3)
    expect(Math.max(...revisions)).toBeGreaterThanOrEqual(3)
  })
})
