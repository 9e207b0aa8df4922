import 'server-only'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { morePaths } from '@/lib/k8s/paths'
import { emitChangeEvent } from '@/lib/k8s/change-event'
import { lostRace } from '@/lib/k8s/stale-write'
import type { List, ObjectMeta } from '@/lib/k8s/types'
import { revisionOf, sameTemplate, stripHash, type PodTemplate } from '@/lib/k8s/pod-template'

interface Deployment {
  apiVersion: string
  metadata: ObjectMeta & { uid: string }
  spec: { selector: { matchLabels?: Record<string, string> }; template: PodTemplate; paused?: boolean }
}

interface ReplicaSet {
  metadata: ObjectMeta & { ownerReferences?: { uid: string; kind: string }[] }
  spec: { template: PodTemplate }
}

export interface Revision {
  revision: number
  replicaSet: string
  createdAt: string | null
  template: PodTemplate
  current: boolean
}

export interface DeploymentHistory {
  resourceVersion: string
  paused: boolean
  current: PodTemplate
  revisions: Revision[]
}

async function getDeployment(
  cluster: string,
  ns: string,
  name: string,
  as: Impersonation,
): Promise<Deployment> {
  const r = await k8sRequest<Deployment>(cluster, { method: 'GET', path: morePaths.deployment(ns, name), as })
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster, what: `Deployment ${ns}/${name}` })
  return r.body
}

/** The Deployment's revisions, newest first, from the ReplicaSets it owns (as kubectl rollout history). */
export async function deploymentHistory(
  cluster: string,
  ns: string,
  name: string,
  as: Impersonation,
): Promise<DeploymentHistory & { deployment: Deployment }> {
  const deployment = await getDeployment(cluster, ns, name, as)
  const selector = Object.entries(deployment.spec.selector.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
  const r = await k8sRequest<List<ReplicaSet>>(cluster, {
    method: 'GET',
    path: morePaths.replicaSets(ns, selector),
    as,
  })
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster, what: `ReplicaSets of ${ns}/${name}` })
  const current = stripHash(deployment.spec.template)
  const revisions = r.body.items
    .filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid))
    .map((rs) => ({
      revision: revisionOf(rs.metadata),
      replicaSet: rs.metadata.name,
      createdAt: rs.metadata.creationTimestamp ?? null,
      template: stripHash(rs.spec.template),
      current: sameTemplate(rs.spec.template, deployment.spec.template),
    }))
    .filter((x) => x.revision > 0)
    .sort((a, b) => b.revision - a.revision)
  return {
    deployment,
    resourceVersion: deployment.metadata.resourceVersion ?? '',
    paused: Boolean(deployment.spec.paused),
    current,
    revisions,
  }
}

export interface RollbackOutcome {
  noop: boolean
  revision: number
  before: PodTemplate
  after: PodTemplate
}

/**
 * `kubectl rollout undo --to-revision` semantics (kubectl polymorphichelpers/rollback.go): copy the
 * revision's pod template, minus pod-template-hash, into the Deployment. Unlike kubectl, the write
 * is conditional on the resourceVersion the user saw.
 */
export async function rollbackDeployment(
  input: { cluster: string; namespace: string; name: string; revision: number; resourceVersion: string },
  as: Impersonation,
  cause: string,
): Promise<RollbackOutcome> {
  const what = `Deployment ${input.namespace}/${input.name}`
  const h = await deploymentHistory(input.cluster, input.namespace, input.name, as)
  if (h.resourceVersion !== input.resourceVersion) {
    throw new AppError(
      'conflict',
      `${what} was changed by someone else since you opened it. Review its revisions again.`,
      {
        current: { resourceVersion: h.resourceVersion, revisions: h.revisions.map((r) => r.revision) },
      },
    )
  }
  const target = h.revisions.find((r) => r.revision === input.revision)
  if (!target) {
    throw new AppError(
      'not_found',
      `Revision ${input.revision} of ${what} no longer exists (kept: ${h.revisions.map((r) => r.revision).join(', ') || 'none'}).`,
    )
  }
  if (sameTemplate(target.template, h.current)) {
    return { noop: true, revision: input.revision, before: h.current, after: h.current }
  }
  const annotations = h.deployment.metadata.annotations
  const ops: unknown[] = [
    { op: 'test', path: '/metadata/resourceVersion', value: input.resourceVersion },
    { op: 'replace', path: '/spec/template', value: target.template },
    annotations
      ? { op: 'add', path: '/metadata/annotations/aire.dev~1change-cause', value: cause }
      : { op: 'add', path: '/metadata/annotations', value: { 'aire.dev/change-cause': cause } },
    { op: 'replace', path: '/metadata/resourceVersion', value: input.resourceVersion },
  ]
  const r = await k8sRequest<Deployment>(input.cluster, {
    method: 'PATCH',
    path: morePaths.deployment(input.namespace, input.name),
    contentType: 'application/json-patch+json',
    body: ops,
    as,
  })
  if (
    await lostRace(
      input.cluster,
      morePaths.deployment(input.namespace, input.name),
      r.status,
      input.resourceVersion,
      as,
    )
  ) {
    throw new AppError(
      'conflict',
      `${what} was changed by someone else since you opened it. Nothing was written.`,
    )
  }
  if (r.status !== 200) throw toAppError(r.status, r.body, { cluster: input.cluster, what })
  await emitChangeEvent(
    {
      cluster: input.cluster,
      namespace: input.namespace,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: input.name,
      uid: r.body.metadata.uid,
    },
    as,
    'RolledBack',
    cause,
  )
  return { noop: false, revision: input.revision, before: h.current, after: target.template }
}
