import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/current-user'
import { modelQueryString, parseModelQuery } from '@/lib/fleet/model-query'
import { modelsPageView } from '@/lib/fleet/read-fleet'
import { sloStatesWithin } from '@/lib/slo/badges'
import { ModelsView } from '@/components/fleet/models-view'

export const metadata: Metadata = { title: 'Models' }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

/** Model deployments by model and version: replicas, GPUs, pools, traffic, rollout and history. */
export default async function ModelsPage({ searchParams }: { searchParams: SearchParams }) {
  await pageUser()
  const q = parseModelQuery(await searchParams)
  const [view, slos] = await Promise.all([modelsPageView(q), sloStatesWithin(1_000)])
  return (
    <>
      <h1>Models</h1>
      <ModelsView initial={view} initialQuery={modelQueryString(q)} initialSlos={slos} />
    </>
  )
}
