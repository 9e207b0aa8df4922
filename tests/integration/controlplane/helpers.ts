/**
 * Shared setup of the control-plane integration tests. They run against the
 * local clusters (`bash dev/cluster/cluster.sh up` + `tsx dev/seed/seed-cluster.ts --scale small`).
 */
import { randomBytes } from 'node:crypto'
import * as k8s from '@kubernetes/client-node'
import { buildFleet, SEED_RECORD, type ClusterName, type Fleet, type Scale } from '../../../dev/seed/fleet'
import {
  clients,
  findKubeconfigs,
  loadKubeConfig,
  rawRequest,
  sleep,
  type Clients,
  type RawResponse,
} from '../../../dev/seed/kube'

export { rawRequest, sleep }
export type { RawResponse }

export const CLUSTER: ClusterName = 'gpu-east'

const paths = findKubeconfigs()
export const admin = (cluster: ClusterName = CLUSTER): Clients => clients(paths.admin, cluster)
export const consoleClients = (cluster: ClusterName = CLUSTER): Clients => clients(paths.console, cluster)
export const consoleKc = (cluster: ClusterName = CLUSTER): k8s.KubeConfig =>
  loadKubeConfig(paths.console, cluster)
export const adminKc = (cluster: ClusterName = CLUSTER): k8s.KubeConfig =>
  loadKubeConfig(paths.admin, cluster)

export const uniq = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`

/** Rebuilds the fleet the seeder created, from the options it recorded in the cluster. */
export async function seededFleet(cluster: ClusterName = CLUSTER): Promise<Fleet> {
  const cm = await admin(cluster).core.readNamespacedConfigMap({
    name: SEED_RECORD.name,
    namespace: SEED_RECORD.namespace,
  })
  const o = JSON.parse(cm.data?.['options.json'] ?? '{}') as {
    scale: Scale
    seed: number
    nodes: number
    pods: number
  }
  return buildFleet(o)
}

/** Impersonation headers the console sends: each group as its own header line. */
export function impersonate(user: string, groups: string[]): Record<string, string | string[]> {
  return { 'Impersonate-User': user, 'Impersonate-Group': groups }
}

export const httpRoutePath = (ns: string, name?: string) =>
  `/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes${name ? `/${name}` : ''}`

export function testRoute(ns: string, name: string, weights: number[]) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: ns, labels: { 'aire.dev/test': 'controlplane' } },
    spec: {
      parentRefs: [
        {
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: 'inference-gateway',
          namespace: 'gateway-system',
        },
      ],
      rules: [
        {
          backendRefs: weights.map((weight, i) => ({
            group: 'inference.networking.k8s.io',
            kind: 'InferencePool',
            name: `${name}-v${i + 1}`,
            weight,
          })),
        },
      ],
    },
  }
}

export async function createRoute(ns: string, name: string, weights: number[]): Promise<void> {
  const res = await rawRequest(adminKc(), 'POST', httpRoutePath(ns), { body: testRoute(ns, name, weights) })
  if (res.status !== 201) throw new Error(`create route: ${res.status} ${res.body}`)
}

export async function deleteRoute(ns: string, name: string): Promise<void> {
  await rawRequest(adminKc(), 'DELETE', httpRoutePath(ns, name))
}

export const mergePatchType = 'application/merge-patch+json'
export const jsonPatchType = 'application/json-patch+json'
