'use server'
import { runAction } from '@/lib/actions/run-action'
import { setGpuQuotaAction } from '@/lib/actions/specs/gpu-quota'
import { decideRequestAction, requestQuotaAction } from '@/lib/actions/specs/quota-request'
import {
  assignNamespaceAction,
  createTeamAction,
  mapGroupAction,
  renameTeamAction,
} from '@/lib/actions/specs/team-admin'
import { setTeamBudgetAction } from '@/lib/actions/specs/team-budget'
import { setTokenLimitAction } from '@/lib/actions/specs/token-limit'

// Set a team namespace's GPU quota (admin).
export async function setGpuQuota(input: unknown) {
  return runAction(setGpuQuotaAction, input)
}

// Set a team's gateway token limit per hour (admin).
export async function setTokenLimit(input: unknown) {
  return runAction(setTokenLimitAction, input)
}

// Set or remove (explicitly) a team's monthly budget (admin); the same action as on the Costs page.
export async function setTeamBudget(input: unknown) {
  return runAction(setTeamBudgetAction, input)
}

// Ask for more GPUs, tokens or budget for one's own team (operator).
export async function requestQuota(input: unknown) {
  return runAction(requestQuotaAction, input)
}

// Approve (applies the change) or decline a request (admin).
export async function decideRequest(input: unknown) {
  return runAction(decideRequestAction, input)
}

// Create a team, optionally labelling its namespaces (admin).
export async function createTeam(input: unknown) {
  return runAction(createTeamAction, input)
}

// Rename a team's display name (admin).
export async function renameTeam(input: unknown) {
  return runAction(renameTeamAction, input)
}

// Map an OIDC group to a team role (admin).
export async function mapGroup(input: unknown) {
  return runAction(mapGroupAction, input)
}

// Give a namespace to a team (admin).
export async function assignNamespace(input: unknown) {
  return runAction(assignNamespaceAction, input)
}
