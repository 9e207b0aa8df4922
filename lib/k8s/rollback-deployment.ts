import 'server-only'
import { FIELD, ownerOf } from '@/lib/k8s/ownership'
import { AppError } from '@/lib/errors'
import { k8sRequest, type Impersonation } from '@/lib/k8s/request'
import { toAppError } from '@/lib/k8s/errors'
import { morePaths } from '@/lib/k8s/paths'
import {
  changeCauseOp,
  conditionalPatch,
  readObject,
  recordChange,
  type PatchOp,
} from '@/lib/k8s/conditional-patch'
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
  /** metadata.generation: moves with every spec change, never with the controller's status writes. */
  generation: number
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
  return readObject<Deployment>({
    cluster,
    path: morePaths.deployment(ns, name),
    what: `Deployment ${ns}/${name}`,
    as,
  })
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
    generation: deployment.metadata.generation ?? 0,
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
 * is conditional on the spec the user saw: its `metadata.generation` (the Deployment controller's
 * status writes during a rollout move the resourceVersion every second, not the generation) and,
 * in the patch, the exact template read.
 */
export async function rollbackDeployment(
  input: { cluster: string; namespace: string; name: string; revision: number; generation: number },
  as: Impersonation,
  cause: string,
): Promise<RollbackOutcome> {
  const what = `Deployment ${input.namespace}/${input.name}`
  const h = await deploymentHistory(input.cluster, input.namespace, input.name, as)
  // An operator (KServe, LWS, llm-d) or an Argo Rollout overwrites the template: never patch it.
  const owner = ownerOf(h.deployment.metadata, FIELD.deploymentTemplate)
  if (owner.write === 'refuse')
    throw new AppError(
      'forbidden',
      `${owner.label} controls ${what}. ${owner.consequence} Nothing was written.`,
    )
  const conflict = (now: DeploymentHistory) =>
    new AppError(
      'conflict',
      `${what} was rolled out or changed by someone else since you opened it (generation ${input.generation} → ${now.generation}). Nothing was written; review its revisions again.`,
      {
        current: {
          generation: now.generation,
          revision: now.revisions.find((r) => r.current)?.revision ?? null,
          revisions: now.revisions.map((r) => r.revision),
        },
      },
    )
  if (h.generation !== input.generation) throw conflict(h)
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
  const write = { cluster: input.cluster, path: morePaths.deployment(input.namespace, input.name), what, as }
  const ops: PatchOp[] = [
    { op: 'test', path: '/metadata/generation', value: input.generation },
    { op: 'test', path: '/spec/template', value: h.deployment.spec.template },
    { op: 'replace', path: '/spec/template', value: target.template },
    changeCauseOp(h.deployment.metadata, cause),
  ]
  // A failed `test` is a bare 422: a lost race if the spec moved since the read above.
  const written = await conditionalPatch<Deployment>(write, ops, async () => {
    const now = await deploymentHistory(input.cluster, input.namespace, input.name, as)
    return now.generation !== h.generation ? conflict(now) : null
  })
  const object = { namespace: input.namespace, apiVersion: 'apps/v1', kind: 'Deployment', name: input.name }
  await recordChange(write, { ...object, reason: 'RolledBack' }, written, cause)
  return { noop: false, revision: input.revision, before: h.current, after: target.template }
}
