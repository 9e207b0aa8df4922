'use client'
import { ActionForm } from '@/components/ui/action-form'
import { assignNamespace, createTeam, decideRequest, mapGroup, renameTeam, requestQuota } from './actions'

export function RequestQuotaForm({
  team,
  targets,
}: {
  team: string
  targets: { cluster: string; namespace: string }[]
}) {
  const clusters = [...new Set(targets.map((t) => t.cluster))]
  return (
    <ActionForm
      label={`Request more for team ${team}`}
      submit="Send request"
      success="Request sent; admins will see it."
      fields={[
        {
          name: 'kind',
          label: 'What',
          type: 'select',
          options: [
            { value: 'gpu', label: 'GPU quota' },
            { value: 'tokens', label: 'Tokens per hour' },
            { value: 'budget', label: 'Monthly budget' },
          ],
        },
        {
          name: 'where',
          label: 'Where (GPU: namespace; tokens: cluster)',
          type: 'select',
          options: [
            ...targets.map((t) => ({
              value: `${t.cluster}/${t.namespace}`,
              label: `${t.cluster} / ${t.namespace}`,
            })),
            ...clusters.map((c) => ({ value: c, label: `${c} (tokens)` })),
          ],
        },
        { name: 'requested', label: 'New limit', size: 'sm' },
        { name: 'reason', label: 'Why', type: 'textarea' },
      ]}
      build={(v) => {
        const [cluster, namespace] = (v.where ?? '').split('/')
        if (v.kind === 'gpu')
          return { kind: 'gpu', team, cluster, namespace, requested: v.requested, reason: v.reason }
        if (v.kind === 'tokens')
          return { kind: 'tokens', team, cluster, requested: v.requested, reason: v.reason }
        return { kind: 'budget', team, requested: v.requested, reason: v.reason }
      }}
      action={requestQuota}
    />
  )
}

export function DecideRequestForm({ id }: { id: string }) {
  return (
    <ActionForm
      label="Decide request"
      submit="Decide"
      success="Decided."
      fields={[
        {
          name: 'decision',
          label: 'Decision',
          type: 'select',
          options: [
            { value: 'approve', label: 'Approve and apply' },
            { value: 'decline', label: 'Decline' },
          ],
        },
        { name: 'note', label: 'Note (required to decline)', size: 'xl' },
      ]}
      build={(v) => ({ id, decision: v.decision, ...(v.note ? { note: v.note } : {}) })}
      action={decideRequest}
    />
  )
}

export function CreateTeamForm() {
  return (
    <ActionForm
      label="Create a team"
      submit="Create team"
      success="Team created."
      fields={[
        { name: 'name', label: 'Name (DNS label)', size: 'md' },
        { name: 'displayName', label: 'Display name', size: 'lg' },
        { name: 'namespaces', label: 'Namespaces (cluster/namespace, comma-separated)', size: 'xxl' },
      ]}
      build={(v) => ({
        name: v.name,
        displayName: v.displayName,
        namespaces: (v.namespaces ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => {
            const [cluster, namespace] = s.split('/')
            return { cluster, namespace }
          }),
      })}
      action={createTeam}
    />
  )
}

export function TeamAdminForms({
  team,
  displayName,
  clusters,
}: {
  team: string
  displayName: string
  clusters: string[]
}) {
  return (
    <details>
      <summary>Administer team {team}</summary>
      <ActionForm
        label={`Rename ${team}`}
        submit="Rename"
        success="Renamed."
        hidden={{ name: team }}
        fields={[{ name: 'displayName', label: 'Display name', defaultValue: displayName, size: 'lg' }]}
        action={renameTeam}
      />
      <ActionForm
        label={`Map an OIDC group to ${team}`}
        submit="Map group"
        success="Mapped; applies at the members' next sign-in."
        hidden={{ team }}
        fields={[
          { name: 'group', label: 'OIDC group', size: 'lg' },
          {
            name: 'role',
            label: 'Role',
            type: 'select',
            options: [
              { value: 'operator', label: 'operator' },
              { value: 'viewer', label: 'viewer' },
            ],
          },
        ]}
        action={mapGroup}
      />
      <ActionForm
        label={`Assign a namespace to ${team}`}
        submit="Assign namespace"
        success="Namespace labelled for the team."
        hidden={{ team }}
        fields={[
          {
            name: 'cluster',
            label: 'Cluster',
            type: 'select',
            options: clusters.map((c) => ({ value: c, label: c })),
          },
          { name: 'namespace', label: 'Namespace', size: 'lg' },
        ]}
        action={assignNamespace}
      />
    </details>
  )
}
