import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canAdmin, kubernetesIdentity } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { cluster as findCluster } from '@/lib/k8s/clusters'
import { labelNamespace, unlabelNamespace } from '@/lib/k8s/label-namespace'
import { log } from '@/lib/observability/log'
import {
  assignNamespaceSchema,
  createTeamSchema,
  mapGroupSchema,
  renameTeamSchema,
} from '@/lib/validations/quota-request'

/**
 * Create a team, optionally with namespaces. Never left half-made: namespaces are labelled first
 * (as the admin); if any label is refused, the ones already applied are removed again and no team
 * is created; the team row is written last, and a failure there also removes the labels.
 */
export const createTeamAction: ActionSpec<typeof createTeamSchema, { name: string }> = {
  action: 'team.create',
  schema: createTeamSchema,
  target: async (i) => {
    for (const n of i.namespaces) findCluster(n.cluster)
    if (await db().team.findUnique({ where: { name: i.name } }))
      throw new AppError('invalid_input', `A team named "${i.name}" already exists.`)
    return { team: i.name, kind: 'Team', name: i.name }
  },
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const as = kubernetesIdentity(user)
    const labelled: { cluster: string; namespace: string }[] = []
    const undo = async () => {
      for (const n of labelled.reverse()) {
        await unlabelNamespace(n.cluster, n.namespace, i.name, as).catch((e: unknown) =>
          log.error('could not remove a team label while undoing a team creation', { ...n, error: e }),
        )
      }
    }
    try {
      for (const n of i.namespaces) {
        const { previous } = await labelNamespace(n.cluster, n.namespace, i.name, as)
        if (previous === null) labelled.push(n)
      }
      await db().team.create({ data: { name: i.name, displayName: i.displayName } })
    } catch (e) {
      await undo()
      throw e
    }
    return { data: { name: i.name }, after: i }
  },
  revalidate: ['/teams'],
}

// Change a team's display name (its name is an identity: labels and groups use it).
export const renameTeamAction: ActionSpec<typeof renameTeamSchema, { name: string }> = {
  action: 'team.rename',
  schema: renameTeamSchema,
  target: (i) => ({ team: i.name, kind: 'Team', name: i.name }),
  authorize: (user) => canAdmin(user),
  execute: async (_user, i) => {
    const before = await db().team.findUnique({ where: { name: i.name } })
    if (!before) throw new AppError('not_found', `There is no team "${i.name}".`)
    await db().team.update({ where: { name: i.name }, data: { displayName: i.displayName } })
    return {
      data: { name: i.name },
      before: { displayName: before.displayName },
      after: { displayName: i.displayName },
    }
  },
  revalidate: ['/teams'],
}

// Map an OIDC group to a role (in a team), applied at each member's next sign-in.
export const mapGroupAction: ActionSpec<typeof mapGroupSchema, { id: string }> = {
  action: 'team.map-group',
  schema: mapGroupSchema,
  target: async (i) => {
    if (i.team && !(await db().team.findUnique({ where: { name: i.team } })))
      throw new AppError('not_found', `There is no team "${i.team}".`)
    return { team: i.team ?? null, kind: 'GroupMapping', name: i.group }
  },
  authorize: (user) => canAdmin(user),
  execute: async (_user, i) => {
    const team = i.team ?? null
    const existing = await db().groupMapping.findFirst({ where: { group: i.group, team } })
    const row = existing
      ? await db().groupMapping.update({ where: { id: existing.id }, data: { role: i.role } })
      : await db().groupMapping.create({ data: { group: i.group, team, role: i.role } })
    return { data: { id: row.id }, before: existing, after: row }
  },
  revalidate: ['/teams'],
}

// Give a namespace to a team: label it aire.dev/team=<team> through the Kubernetes API, as the admin.
export const assignNamespaceAction: ActionSpec<typeof assignNamespaceSchema, { namespace: string }> = {
  action: 'team.assign-namespace',
  schema: assignNamespaceSchema,
  target: async (i) => {
    findCluster(i.cluster)
    if (!(await db().team.findUnique({ where: { name: i.team } })))
      throw new AppError('not_found', `There is no team "${i.team}".`)
    return { team: i.team, cluster: i.cluster, namespace: i.namespace, kind: 'Namespace', name: i.namespace }
  },
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const { previous } = await labelNamespace(i.cluster, i.namespace, i.team, kubernetesIdentity(user))
    return { data: { namespace: i.namespace }, before: { team: previous }, after: { team: i.team } }
  },
  revalidate: ['/teams'],
}
