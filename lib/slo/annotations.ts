import { matchLevel, type ChangeKind, type ChangeRecord, type TargetScope } from './rank-changes'

/** Chart annotations from changes. Pure. */

const TEAM_WIDE = new Set<ChangeKind>(['quota', 'token-limit'])

export interface Annotation {
  t: number
  kind: string
  label: string
  source: string
}

/**
 * Changes on the SLO's target as chart annotations, oldest first: anything on its model or routes,
 * and team-wide capacity changes (GPU quota, token limit) of its team.
 */
export function annotationsOf(changes: readonly ChangeRecord[], scope: TargetScope): Annotation[] {
  return changes
    .filter((c) => {
      const level = matchLevel(c, scope)
      return (
        level === 'target' ||
        level === 'route' ||
        level === 'model' ||
        (level === 'team' && TEAM_WIDE.has(c.kind))
      )
    })
    .map((c) => ({
      t: Math.floor(Date.parse(c.at) / 1000),
      kind: c.kind,
      label: c.summary,
      source: c.source,
    }))
}
