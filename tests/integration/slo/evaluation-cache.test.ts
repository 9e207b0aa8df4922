/**
 * The SLO evaluation cache against a real Prometheus: the long windows (1d, 3d, the SLO window:
 * days of samples) are kept per SLO, so adding an SLO queries only its own long windows, and the
 * warmer's refresh does not make a page wait. Counts the queries the console sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SloDefinition } from '@/lib/slo/types'
import { sharedPrometheusUrl, startSloStack, type SloStack } from './stack'

let stack: SloStack | null = null
const sent: string[] = []
const realFetch = globalThis.fetch

const slo = (id: string): SloDefinition => ({
  id,
  name: id,
  team: 'assistant',
  description: null,
  sliKind: 'quality',
  target: {
    kind: 'model',
    model: 'llama-3-1-8b',
    servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
    version: null,
    namespace: null,
    route: null,
    cluster: null,
  },
  objective: 0.995,
  windowDays: 30,
  latencyThreshold: null,
  customGood: null,
  customTotal: null,
  updatedAt: new Date(0).toISOString(),
})
const A = slo(`cache-a-${Date.now().toString(36)}`)
const B = slo(`cache-b-${Date.now().toString(36)}`)
/** Queries that read days: the 1d and 3d burn windows and the 30-day SLO window. */
const longQueries = () => sent.filter((q) => /\[(1d|3d|30d)\]/.test(q))
const mentions = (qs: string[], s: SloDefinition) => qs.some((q) => q.includes(`"${s.id}"`))

beforeAll(async () => {
  const url = sharedPrometheusUrl()
  const reachable = url ? (await fetch(`${url}/-/ready`).catch(() => null))?.ok === true : false
  if (reachable) process.env.PROMETHEUS_URL = url!
  else {
    stack = await startSloStack({ scenario: 'dev/sim/scenarios/test.json', days: 0.05, name: 'slo-cache' })
    process.env.PROMETHEUS_URL = stack.promUrl
  }
  globalThis.fetch = (input, init) => {
    if (String(input).includes('/api/v1/query') && init?.body instanceof URLSearchParams)
      sent.push(init.body.get('query') ?? '')
    return realFetch(input, init)
  }
}, 600_000)

afterAll(async () => {
  globalThis.fetch = realFetch
  await stack?.stop()
})

describe('slo evaluation cache', () => {
  it('a new SLO costs only its own long-window queries; the others are served from the cache', async () => {
    const { cachedEvaluation } = await import('@/lib/slo/evaluate')
    const first = await cachedEvaluation([A])
    expect(mentions(longQueries(), A)).toBe(true)
    expect(first.get(A.id)!.budgetRemaining).not.toBeNull()

    sent.length = 0
    const second = await cachedEvaluation([A, B])
    expect(mentions(longQueries(), B)).toBe(true)
    expect(mentions(longQueries(), A)).toBe(false)
    // The short windows (what pages) are always fresh for every SLO.
    expect(mentions(sent, A)).toBe(true)
    expect(second.get(A.id)!.budgetRemaining).toBe(first.get(A.id)!.budgetRemaining)
    expect(second.get(B.id)!.budgetRemaining).not.toBeNull()
  })

  it('the warmer refreshes every SLO’s long windows in the background', async () => {
    const { refreshLongWindows } = await import('@/lib/slo/evaluate')
    sent.length = 0
    await refreshLongWindows([A, B])
    await expect.poll(() => mentions(longQueries(), A) && mentions(longQueries(), B)).toBe(true)
  })
})
