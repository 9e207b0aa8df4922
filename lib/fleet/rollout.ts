import type { DeploymentLite } from '@/lib/k8s/watch/types'

export type RolloutState = 'complete' | 'progressing' | 'stalled' | 'paused'

export interface RolloutStatus {
  state: RolloutState
  message: string
}

/**
 * Rollout state as `kubectl rollout status` decides it (kubectl polymorphichelpers/rollout_status.go):
 * paused; stalled when the Progressing condition says ProgressDeadlineExceeded; progressing while
 * the controller has not observed the spec or replicas are not all updated and available.
 */
export function rolloutStatus(d: DeploymentLite): RolloutStatus {
  if (d.paused) return { state: 'paused', message: 'Rollout is paused.' }
  const progressing = d.conditions.find((c) => c.type === 'Progressing')
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { state: 'stalled', message: progressing.message ?? 'Progress deadline exceeded.' }
  }
  if (d.observedGeneration < d.generation)
    return { state: 'progressing', message: 'Waiting for the controller to observe the new spec.' }
  const { updated, replicas, available } = d.status
  if (updated < d.replicas)
    return { state: 'progressing', message: `${updated} of ${d.replicas} replicas updated.` }
  if (replicas > updated)
    return { state: 'progressing', message: `${replicas - updated} old replicas pending termination.` }
  if (available < updated)
    return { state: 'progressing', message: `${available} of ${updated} updated replicas available.` }
  return { state: 'complete', message: `${available} of ${d.replicas} replicas available.` }
}
