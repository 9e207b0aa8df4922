/**
 * Setup of the fleet integration tests: the console's kubeconfig (read-only service account) feeds
 * the watch cache; the admin kubeconfig creates test objects and reads the seeder's record.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import yaml from 'js-yaml'
import { buildFleet, SEED_RECORD, type ClusterName, type Fleet, type Scale } from '../../../dev/seed/fleet'
import { clients, findKubeconfigs, type Clients } from '../../../dev/seed/kube'

export const kubeconfigs = (() => {
  const found = findKubeconfigs()
  return {
    console: process.env.AIRE_KUBECONFIG ?? found.console,
    admin: process.env.AIRE_ADMIN_KUBECONFIG ?? found.admin,
  }
})()

export const admin = (cluster: ClusterName): Clients => clients(kubeconfigs.admin, cluster)

export const uniq = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls until `check` returns a value (not undefined) or the time is up; returns it with the wait. */
export async function waitFor<T>(
  check: () => T | undefined,
  timeoutMs: number,
  everyMs = 50,
): Promise<{ value: T; ms: number } | null> {
  const t0 = Date.now()
  for (;;) {
    const v = check()
    if (v !== undefined) return { value: v, ms: Date.now() - t0 }
    if (Date.now() - t0 > timeoutMs) return null
    await sleep(everyMs)
  }
}

/** The fleet the seeder planned, rebuilt from the options it recorded in the cluster. */
export async function seededFleet(cluster: ClusterName): Promise<Fleet> {
  const cm = await admin(cluster)
    .core.readNamespacedConfigMap({ name: SEED_RECORD.name, namespace: SEED_RECORD.namespace })
    .catch((e: unknown) => {
      throw new Error(
        `no seed record on ${cluster} (run \`tsx dev/seed/seed-cluster.ts --scale small\` and let it finish): ${String(e)}`,
      )
    })
  const o = JSON.parse(cm.data?.['options.json'] ?? '{}') as {
    scale: Scale
    seed: number
    nodes: number
    pods: number
  }
  return buildFleet(o)
}

/**
 * A copy of the console kubeconfig with one more context, `gpu-down`, pointing at a port nothing
 * listens on: a cluster that is down from the start.
 */
export function kubeconfigWithDownCluster(): string {
  const kc = yaml.load(readFileSync(kubeconfigs.console, 'utf8')) as {
    clusters: { name: string; cluster: Record<string, unknown> }[]
    contexts: { name: string; context: { cluster: string; user: string } }[]
  }
  const base = kc.contexts[0]!
  const baseCluster = kc.clusters.find((c) => c.name === base.context.cluster)!
  kc.clusters.push({ name: 'gpu-down', cluster: { ...baseCluster.cluster, server: 'https://127.0.0.1:1' } })
  kc.contexts.push({ name: 'gpu-down', context: { cluster: 'gpu-down', user: base.context.user } })
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'aire-fleet-')), 'kubeconfig')
  writeFileSync(file, yaml.dump(kc), { mode: 0o600 })
  return file
}
