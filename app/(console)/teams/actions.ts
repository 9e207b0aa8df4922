'use server'
import { runAction } from '@/lib/actions/run-action'
import { gpuQuotaAction } from '@/lib/actions/specs/gpu-quota'
import { tokenLimitAction } from '@/lib/actions/specs/token-limit'

// Set a team namespace's GPU quota (admin).
export async function setGpuQuotaAction(input: unknown) {
  return runAction(gpuQuotaAction, input)
}

// Set a team's gateway token limit per hour (admin).
export async function setTokenLimitAction(input: unknown) {
  return runAction(tokenLimitAction, input)
}
