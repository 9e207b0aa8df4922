/**
 * "Abort" and "Promote" proven by the real Argo Rollouts controller (issue 14.5), built from the Go
 * module proxy by dev/controlplane/build-rollouts.sh (skipped when that binary is absent). The
 * controller runs namespaced, in this test's namespace only. The Gateway API traffic-router plugin
 * (github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi) is refused by the module proxy
 * (403), so the canary here is replica-based: "back to stable" is the canary ReplicaSet scaled to 0
 * and the stable one to every replica, as the controller does for weights with a traffic router.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const NS = `ro-${randomUUID().slice(0, 6)}`
const CONTROLLER = join(
  process.env.AIRE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aire-console'),
  'bin/rollouts-v1.10.0/rollouts-controller',
)
type AnySpec = ActionSpec<z.ZodType, unknown>

let run: typeof import('@/lib/actions/run-action').executeAction
let abort: AnySpec
let promote: AnySpec
let controller: ChildProcess | null = null
const operator = { user: CALLERS.operator, originOk: true }

interface Ro {
  metadata: { resourceVersion: string; uid: string }
  status?: {
    phase?: string
    message?: string
    currentStepIndex?: number
    stableRS?: string
    currentPodHash?: string
    abort?: boolean
  }
}
const rollout = () => kubectlJson<Ro>(CLUSTER, ['get', 'rollout', 'llama', '-n', NS])
const replicas = () =>
  Object.fromEntries(
    kubectlJson<{ items: { metadata: { labels: Record<string, string> }; spec: { replicas: number } }[] }>(
      CLUSTER,
      ['get', 'rs', '-n', NS, '-l', 'app=llama'],
    ).items.map((rs) => [rs.metadata.labels['rollouts-pod-template-hash'], rs.spec.replicas]),
  )

async function until<T>(what: string, check: () => T | undefined | false, ms = 60_000): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    const v = check()
    if (v) return v
    if (Date.now() - t0 > ms)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(rollout().status)}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

const body = (image: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'llama', namespace: NS },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'llama' } },
    template: {
      metadata: { labels: { app: 'llama' } },
      spec: {
        tolerations: [
          { key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        ],
        containers: [{ name: 'c', image }],
      },
    },
    strategy: { canary: { steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] } },
  },
})

describe.skipIf(!existsSync(CONTROLLER))('the real Argo Rollouts controller', () => {
  beforeAll(async () => {
    const kc = kubeconfigs()
    ;({ executeAction: run } = await import('@/lib/actions/run-action'))
    const specs = await import('@/lib/actions/specs/owner-actions')
    abort = specs.abortRolloutAction as AnySpec
    promote = specs.promoteRolloutAction as AnySpec
    const { migrate } = await import('@/lib/db/migrate')
    await migrate(process.env.DATABASE_URL!)
    kubectl(CLUSTER, ['create', 'namespace', NS])
    kubectl(CLUSTER, ['label', 'namespace', NS, 'aire.dev/team=assistant'])
    kubectl(CLUSTER, [
      'create',
      'rolebinding',
      'aire-operator',
      '-n',
      NS,
      '--clusterrole=aire-operator',
      '--group=aire:operators:assistant',
    ])
    controller = spawn(
      CONTROLLER,
      [
        '--kubeconfig',
        kc.admin,
        '--namespaced',
        '--namespace',
        NS,
        '--leader-elect=false',
        '--metricsPort',
        '18190',
        '--healthzPort',
        '18191',
      ],
      { env: { ...process.env, KUBECONFIG: kc.admin }, stdio: 'ignore' },
    )
    kubectl(CLUSTER, ['apply', '--server-side', '-f', '-'], JSON.stringify(body('vllm:1')))
    await until('v1 healthy', () => rollout().status?.phase === 'Healthy')
    const uid = rollout().metadata.uid
    // The route the Rollout's weights are about: linked by an owner reference (no traffic plugin).
    kubectl(
      CLUSTER,
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: {
          name: 'llama',
          namespace: NS,
          ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'llama', uid }],
        },
        spec: {
          parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
          rules: [{ backendRefs: [{ name: 'llama-stable', port: 8000, weight: 100 }] }],
        },
      }),
    )
  }, 120_000)

  afterAll(() => {
    controller?.kill('SIGTERM')
    kubectl(CLUSTER, ['delete', 'namespace', NS, '--wait=false'])
  })

  it('promote moves the paused canary on; abort returns every replica to stable', async () => {
    const stable = rollout().status!.stableRS!
    kubectl(
      CLUSTER,
      ['apply', '--server-side', '--force-conflicts', '-f', '-'],
      JSON.stringify(body('vllm:2')),
    )
    const canary = await until('paused at step 1', () => {
      const s = rollout().status
      return (
        s?.currentStepIndex === 1 && s.phase === 'Paused' && s.currentPodHash !== stable && s.currentPodHash
      )
    })
    expect(replicas()[canary]).toBe(1)

    const input = () => ({
      cluster: CLUSTER,
      namespace: NS,
      name: 'llama',
      resourceVersion: rollout().metadata.resourceVersion,
    })
    expect(await run(promote, input(), operator)).toMatchObject({ ok: true })
    await until(
      'paused at step 3 (50%)',
      () => rollout().status?.currentStepIndex === 3 && rollout().status?.phase === 'Paused',
    )
    expect(replicas()[canary]).toBe(2)

    const t0 = Date.now()
    expect(await run(abort, input(), operator)).toMatchObject({ ok: true })
    await until('aborted, back to stable', () => {
      const r = replicas()
      return rollout().status?.abort === true && r[canary] === 0 && r[stable] === 4
    })
    console.log(`abort → all replicas on stable in ${Date.now() - t0} ms (real controller)`)
    expect(rollout().status?.phase).toBe('Degraded')
    expect(rollout().status?.message).toMatch(/RolloutAborted/)
  }, 120_000)
})
