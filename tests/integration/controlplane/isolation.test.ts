import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson, kubectlPath } from '@/harness/kubectl'

// The demo's cluster (dev/cluster/cluster.sh defaults) changed by hand must not reach the clusters
// the tests assert on (dev/test-env.sh). This test changes the demo cluster — starting it when it
// is not running — and shows the test clusters' fixtures untouched.

const DEMO_STATE = resolve('.aire')
const DEMO_ADMIN = join(DEMO_STATE, 'cluster', 'admin.kubeconfig')
const PORT_VARS = [
  'AIRE_STATE_DIR',
  'AIRE_ETCD_CLIENT_PORT',
  'AIRE_ETCD_PEER_PORT',
  'AIRE_APISERVER_PORTS',
  'AIRE_KCM_PORTS',
  'AIRE_SCHEDULER_PORTS',
  'AIRE_KWOK_PORTS',
]
const suffix = Date.now().toString(36)
const NODE = `demo-hand-made-gpu-${suffix}`
const NAMESPACE = `demo-hand-made-${suffix}`

function demoEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const v of PORT_VARS) delete env[v]
  return env
}

function demoCluster(cmd: string[]): string {
  return execFileSync('bash', ['dev/cluster/cluster.sh', ...cmd], {
    env: demoEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function demoKubectl(args: string[], input?: string): string {
  return execFileSync(kubectlPath(), ['--kubeconfig', DEMO_ADMIN, '--context', 'gpu-east', ...args], {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

let startedDemo = false
let createdDemoState = false

beforeAll(() => {
  expect(
    resolve(kubeconfigs().admin),
    'the tests run on their own clusters: source dev/test-env.sh (npm test does)',
  ).not.toBe(DEMO_ADMIN)
  let running = true
  try {
    demoCluster(['status'])
  } catch {
    running = false
  }
  if (!running) {
    createdDemoState = !existsSync(join(DEMO_STATE, 'cluster'))
    demoCluster(['up'])
    startedDemo = true
  }
})

afterAll(() => {
  try {
    demoKubectl(['delete', 'node', NODE, '--ignore-not-found', '--wait=false'])
    demoKubectl(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--wait=false'])
  } finally {
    if (startedDemo) demoCluster(createdDemoState ? ['down', '--purge'] : ['down'])
  }
})

describe('tests are isolated from the demo cluster', () => {
  it('a GPU node and a team namespace added to the demo by hand never appear in the test clusters', () => {
    const nodesBefore = kubectlJson<{ items: unknown[] }>('gpu-east', ['get', 'nodes']).items.length
    demoKubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: NAMESPACE, labels: { 'aire.dev/team': 'search' } },
          },
          {
            apiVersion: 'v1',
            kind: 'Node',
            metadata: { name: NODE, labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } },
          },
        ],
      }),
    )
    expect(demoKubectl(['get', 'node', NODE, '-o', 'name']).trim()).toBe(`node/${NODE}`)

    expect(() => kubectl('gpu-east', ['get', 'node', NODE])).toThrow(/not found/i)
    expect(() => kubectl('gpu-east', ['get', 'namespace', NAMESPACE])).toThrow(/not found/i)
    expect(kubectlJson<{ items: unknown[] }>('gpu-east', ['get', 'nodes']).items.length).toBe(nodesBefore)
  })
})
