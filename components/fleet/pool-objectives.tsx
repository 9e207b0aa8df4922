import { objectiveText, type PoolObjective } from '@/lib/fleet/objectives'

/**
 * The InferenceObjectives one pool serves, as a small muted line under the pool's name. Plain
 * component (no hooks): the Routes page renders it on the server, the Models view on the client.
 */
export function PoolObjectives({
  objectives,
  served,
}: {
  objectives: readonly PoolObjective[]
  /** False when the cluster has no InferenceObjective API: say so rather than "none" */
  served: boolean
}) {
  if (!served)
    return (
      <div className="muted" data-testid="pool-objectives">
        objectives: InferenceObjective not installed
      </div>
    )
  if (objectives.length === 0)
    return (
      <div className="muted" data-testid="pool-objectives">
        objectives: none (all requests at priority 0)
      </div>
    )
  return (
    <div className="muted" data-testid="pool-objectives">
      objectives:{' '}
      {objectives.map((o, i) => (
        <span key={o.name} data-objective={o.name} title={`InferenceObjective (${o.group})`}>
          {i > 0 ? ', ' : ''}
          {/* Wrap between objectives, never inside one ("priority" / "−1" on two lines). */}
          <span className="nowrap">{objectiveText(o)}</span>
        </span>
      ))}
    </div>
  )
}
