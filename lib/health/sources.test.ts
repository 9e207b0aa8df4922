import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

/** The database probe of each call: answer at once, fail, or hang (a source that stopped answering). */
let dbProbe: () => Promise<void> = async () => {}
vi.mock('@/lib/db/client', () => ({ db: () => ({ $queryRawUnsafe: () => dbProbe() }) }))
vi.mock('@/lib/k8s/clusters', () => ({ clusterNames: () => ['gpu-east'] }))
vi.mock('@/lib/k8s/request', () => ({ k8sRequest: async () => ({ status: 200 }) }))

const { sourceStatuses } = await import('./sources')
const database = async () => (await sourceStatuses()).find((s) => s.source === 'database')!

describe('source statuses', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    delete process.env.PROMETHEUS_URL
    ;(globalThis as { aireSources?: Map<string, unknown> }).aireSources?.clear()
    dbProbe = async () => {}
  })
  afterEach(() => vi.useRealTimers())

  it('answers from the last probe while a hung source is re-probed, and shows the failure once it is known', async () => {
    expect((await database()).ok).toBe(true)
    let fail: (e: Error) => void = () => {}
    dbProbe = () => new Promise<void>((_, reject) => (fail = reject))
    vi.advanceTimersByTime(6_000)
    // The probe hangs: the caller still gets an answer at once (the last one), not a stall.
    const answer = await Promise.race([database(), new Promise((r) => setTimeout(() => r('stalled'), 50))])
    expect(answer).toMatchObject({ ok: true })
    fail(new Error('connection refused'))
    await new Promise((r) => setTimeout(r, 0))
    expect(await database()).toMatchObject({ ok: false, error: 'connection refused' })
  })

  it('waits for the probe when the last answer is too old to serve', async () => {
    expect((await database()).ok).toBe(true)
    dbProbe = async () => {
      throw new Error('down')
    }
    vi.advanceTimersByTime(60_000)
    expect(await database()).toMatchObject({ ok: false, error: 'down' })
  })

  it('reports an unconfigured Prometheus on every answer, cached or not', async () => {
    const first = await sourceStatuses()
    const cached = await sourceStatuses()
    for (const list of [first, cached])
      expect(list.find((s) => s.source === 'prometheus')).toMatchObject({ configured: false })
  })
})
