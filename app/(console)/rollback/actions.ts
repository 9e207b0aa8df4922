'use server'
import { runAction } from '@/lib/actions/run-action'
import { rollbackDeploymentAction } from '@/lib/actions/specs/rollback'

// Roll a model Deployment back to a chosen revision (operator of its team, or admin).
export async function rollbackDeployment(input: unknown) {
  return runAction(rollbackDeploymentAction, input)
}
