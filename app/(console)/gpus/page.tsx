import type { Metadata } from 'next'
import { pageUser } from '@/lib/auth/current-user'
import { gpuQueryString } from '@/lib/validations/gpu-query-params'
import { parseGpuQuery } from '@/lib/validations/gpu-query'
import { gpuView } from '@/lib/fleet/read-fleet'
import { GpuView } from '@/components/fleet/gpu-view'

export const metadata: Metadata = { title: 'GPUs' }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

/** GPU inventory: cluster → pool → node from the shared watch cache, live without reloads. */
export default async function GpusPage({ searchParams }: { searchParams: SearchParams }) {
  await pageUser()
  const q = parseGpuQuery(await searchParams)
  const view = await gpuView(q)
  return (
    <>
      <h1>GPUs</h1>
      <GpuView initial={view} initialQuery={gpuQueryString(q)} />
    </>
  )
}
