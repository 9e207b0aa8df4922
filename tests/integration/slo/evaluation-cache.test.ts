/**
 * The SLO evaluation cache against a real Prometheus: the medium and long windows (2h … 3d, the
 * SLO window: hours to days of samples) are kept per SLO, so adding an SLO queries only its own,
 * one SLO's status does not evaluate the others, and the warmer refreshes in the background.
 * Counts the queries the console sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SloDefinition } from '@/lib/slo/types'
import { sharedPrometheusUrl, startSloStack, type SloStack } from '@/harness/slo-stack'

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
/** Queries that read hours to days: the 2h … 3d burn windows and the 30-day SLO window. */
const longQueries = () => sent.filter((q) => /\[(2h|6h|1d|3d|30d)\]/.test(q))
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

  it('a triage view opened cold evaluates its own SLO only', async () => {
    const { cachedStatus } = await import('@/lib/slo/evaluate')
    ;(globalThis as { aireSloShort?: unknown }).aireSloShort = undefined
    sent.length = 0
    const status = await cachedStatus(A, [A, B])
    expect(status.burns['5m']).not.toBeUndefined()
    expect(mentions(sent, A)).toBe(true)
    expect(mentions(sent, B)).toBe(false)
  })

  it('the warmer fills a new SLO before anyone asks, and refreshes values coming due', async () => {
    const { cachedEvaluation, refreshLongWindows } = await import('@/lib/slo/evaluate')
    const C = slo(`cache-c-${Date.now().toString(36)}`)
    sent.length = 0
    await refreshLongWindows([A, B, C])
    expect(mentions(longQueries(), C)).toBe(true)
    expect(mentions(longQueries(), A)).toBe(false)
    sent.length = 0
    await cachedEvaluation([A, B, C])
    expect(longQueries()).toEqual([])

    // A's medium windows (2h, 6h; fresh for 60 s) computed 55 s ago are refreshed in the background.
    const tiers = (globalThis as { aireSloTiers?: { entries: Map<string, { at: number }> } }).aireSloTiers!
    for (const [k, e] of tiers.entries) if (k.startsWith(`medium|${A.id}@`)) e.at = Date.now() - 55_000
    sent.length = 0
    await refreshLongWindows([A, B, C])
    await expect.poll(() => mentions(longQueries(), A)).toBe(true)
    expect(mentions(longQueries(), B)).toBe(false)
  })
})
