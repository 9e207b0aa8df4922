import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'

/**
 * "Verify it held" against the real API server: a weight change through the action, then Argo CD's
 * way of undoing it (a server-side apply of the Git manifest with its field manager), inside a
 * short hold window. Its own namespace and route, deleted at the end.
 */
process.env.DATABASE_URL ??= 'file:./.aire/test.db'
process.env.AIRE_HOLD_WINDOW_SECONDS = '5'
const CLUSTER = 'gpu-east'
const NS = 'hold-check-test'
const ROUTE = 'hold-route'
type AnySpec = ActionSpec<z.ZodType, unknown>

let run: typeof import('@/lib/actions/run-action').executeAction
let weights: AnySpec
let db: typeof import('@/lib/db/client').db
let checker: typeof import('@/lib/actions/hold/checker')

/** The manifest "in Git": what Argo CD re-applies. */
const manifest = (a: number, b: number) => `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${ROUTE}
  namespace: ${NS}
  labels:
    argocd.argoproj.io/instance: hold-test
spec:
  rules:
    - backendRefs:
        - name: stable-svc
          port: 8000
          weight: ${a}
        - name: canary-svc
          port: 8000
          weight: ${b}
`
/** Argo CD's self-heal, as it writes: server-side apply, field manager argocd-controller. */
const argoApply = (a: number, b: number) =>
  kubectl(
    CLUSTER,
    ['apply', '--server-side', '--field-manager=argocd-controller', '--force-conflicts', '-f', '-'],
    manifest(a, b),
  )

/** The console's own write (its field manager), as the pipeline's patch makes it, bypassing its audit. */
const consolePatch = (a: number, b: number) =>
  kubectl(CLUSTER, [
    'patch',
    'httproute',
    ROUTE,
    '-n',
    NS,
    '--type=json',
    '--field-manager=aire-console',
    '-p',
    JSON.stringify([
      { op: 'replace', path: '/spec/rules/0/backendRefs/0/weight', value: a },
      { op: 'replace', path: '/spec/rules/0/backendRefs/1/weight', value: b },
    ]),
  ])

interface Route {
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
const current = () =>
  kubectlJson<Route>(CLUSTER, ['get', 'httproute', ROUTE, '-n', NS]).spec.rules[0]!.backendRefs.map(
    (b) => b.weight ?? 1,
  )
const change = (to: [number, number]) => {
  const from = current()
  return {
    cluster: CLUSTER,
    namespace: NS,
    name: ROUTE,
    ruleIndex: 0,
    backends: [
      { name: 'stable-svc', from: from[0]!, weight: to[0] },
      { name: 'canary-svc', from: from[1]!, weight: to[1] },
    ],
    confirmDrain: to.every((w) => w === 0),
  }
}
const admin = { user: CALLERS.admin, originOk: true }

async function decided(auditId: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs
  for (;;) {
    const c = await db().holdCheck.findUniqueOrThrow({ where: { auditId } })
    if (c.status !== 'pending' && c.outcomeAuditId) return c
    if (Date.now() > end) throw new Error(`hold check of ${auditId} still ${c.status}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

async function applyChange(to: [number, number]) {
  const res = await run(weights, change(to), admin)
  expect(res).toMatchObject({ ok: true, hold: { status: 'pending' } })
  if (!res.ok || !res.hold) throw new Error('no hold ticket')
  return res.hold.auditId
}

beforeAll(async () => {
  kubeconfigs()
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  checker = await import('@/lib/actions/hold/checker')
  weights = (await import('@/lib/actions/specs/route-weights')).setRouteWeightsAction as AnySpec
  kubectl(
    CLUSTER,
    ['apply', '-f', '-'],
    `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NS}\n  labels:\n    aire.dev/team: assistant\n`,
  )
  argoApply(50, 50)
})

afterAll(async () => {
  kubectl(CLUSTER, ['delete', 'namespace', NS, '--wait=false', '--ignore-not-found'])
})

describe('verify it held', () => {
  it('a server-side re-apply by argocd-controller inside the window: "reverted by argocd-controller"', async () => {
    const c = checker.startHoldChecker({ holder: 'test-a', intervalMs: 300 })
    try {
      const auditId = await applyChange([100, 0])
      expect(current()).toEqual([100, 0])
      // The console's write is named in managedFields (not "unknown"), so a later writer stands apart.
      const managers = kubectlJson<{ metadata: { managedFields: { manager: string; fieldsV1: object }[] } }>(
        CLUSTER,
        ['get', 'httproute', ROUTE, '-n', NS, '--show-managed-fields'],
      ).metadata.managedFields.filter((m) => JSON.stringify(m.fieldsV1).includes('f:rules'))
      expect(managers.map((m) => m.manager)).toContain('aire-console')
      // Let the checker see the console's own write first (as in production: polls every 5 s).
      await new Promise((r) => setTimeout(r, 1200))
      argoApply(50, 50)
      const done = await decided(auditId)
      expect(done.status).toBe('reverted')
      expect(done.revertedBy).toBe('argocd-controller')
      expect(done.revertedTo).toBe('stable-svc=50, canary-svc=50')
      expect(done.outcome).toMatch(
        /^reverted by argocd-controller at \d{4}-\d\d-\d\dT[\d:.]+Z \(stable-svc=50, canary-svc=50\)$/,
      )
      // The outcome is a new audit row beside the original (the table is append-only).
      const rows = await db().auditEvent.findMany({ where: { parentId: auditId } })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        action: 'route.weights.hold',
        result: 'reverted',
        actor: 'aire-console',
        namespace: NS,
        name: ROUTE,
      })
      expect(rows[0]!.reason).toContain('reverted by argocd-controller')
      expect(rows[0]!.reason).toContain('stable-svc=50, canary-svc=50')
      const original = await db().auditEvent.findUniqueOrThrow({ where: { id: auditId } })
      expect(original.result).toBe('applied')
      const { recentReverts } = await import('@/lib/actions/hold/store')
      expect((await recentReverts()).map((r) => r.auditId)).toContain(auditId)
    } finally {
      await c.stop()
    }
  })

  it('a change left alone is "held" at the end of the window; two checkers decide it once', async () => {
    const a = checker.startHoldChecker({ holder: 'test-a', intervalMs: 300 })
    const b = checker.startHoldChecker({ holder: 'test-b', intervalMs: 300 })
    try {
      const started = Date.now()
      const auditId = await applyChange([80, 20])
      const done = await decided(auditId)
      expect(done.status).toBe('held')
      expect(done.outcome).toBe('held')
      expect(Date.now() - started).toBeGreaterThanOrEqual(5000)
      expect(current()).toEqual([80, 20])
      const rows = await db().auditEvent.findMany({ where: { parentId: auditId } })
      expect(rows.map((r) => [r.action, r.result])).toEqual([['route.weights.hold', 'held']])
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })

  it('a pending check survives a restart: the row stays, the next checker finishes it', async () => {
    const first = checker.startHoldChecker({ holder: 'before-restart', intervalMs: 300 })
    const auditId = await applyChange([0, 100])
    const end = Date.now() + 5000
    while (!(await db().holdCheck.findUniqueOrThrow({ where: { auditId } })).lastCheckedAt) {
      if (Date.now() > end) throw new Error('the first checker never looked')
      await new Promise((r) => setTimeout(r, 100))
    }
    await first.stop() // the "crash": nothing in memory survives
    const row = await db().holdCheck.findUniqueOrThrow({ where: { auditId } })
    expect(row).toMatchObject({ status: 'pending', claimedBy: null })
    // Reverted while no console runs; the window ends while it is down, too.
    argoApply(50, 50)
    await new Promise((r) => setTimeout(r, 5500))
    const second = checker.startHoldChecker({ holder: 'after-restart', intervalMs: 300 })
    try {
      const done = await decided(auditId)
      expect(done).toMatchObject({
        status: 'reverted',
        revertedBy: 'argocd-controller',
        claimedBy: 'after-restart',
      })
    } finally {
      await second.stop()
    }
  })

  it('a later console write seen before its audit outcome (the pipeline audits just after writing) waits for it', async () => {
    // The race the suite once lost under load: the second change was on the object, its "applied"
    // row not yet in the database, and the first change was judged "reverted by aire-console".
    const first = await applyChange([80, 20])
    const { recordAudit } = await import('@/lib/audit/record-audit')
    const requestId = `in-flight-${Date.now()}`
    const target = { cluster: CLUSTER, namespace: NS, kind: 'HTTPRoute', name: ROUTE }
    await recordAudit({
      actor: 'matrix-admin',
      actorRole: 'admin',
      action: 'route.weights',
      result: 'intent',
      requestId,
      ...target,
    })
    consolePatch(75, 25)
    for (let i = 0; i < 3; i++) await checker.checkHoldsOnce('test-race')
    expect((await db().holdCheck.findUniqueOrThrow({ where: { auditId: first } })).status).toBe('pending')
    const applied = await recordAudit({
      actor: 'matrix-admin',
      actorRole: 'admin',
      action: 'route.weights',
      result: 'applied',
      requestId,
      ...target,
    })
    await checker.checkHoldsOnce('test-race')
    const done = await db().holdCheck.findUniqueOrThrow({ where: { auditId: first } })
    expect(done.status).toBe('held')
    expect(done.outcome).toBe(`held until superseded by route.weights by matrix-admin (change ${applied})`)
  })

  it("a later console write whose outcome lands between the checker's two lookups is still a supersede", async () => {
    // The interleaving CI once hit on PostgreSQL: the checker found no "applied" row, the pipeline
    // wrote it, then the checker found the intent already settled, and judged "reverted".
    const first = await applyChange([85, 15])
    await checker.checkHoldsOnce('test-race2')
    const { recordAudit } = await import('@/lib/audit/record-audit')
    const requestId = `between-${Date.now()}`
    const target = { cluster: CLUSTER, namespace: NS, kind: 'HTTPRoute', name: ROUTE }
    const by = { actor: 'matrix-admin', actorRole: 'admin', action: 'route.weights', requestId, ...target }
    await recordAudit({ ...by, result: 'intent' })
    consolePatch(65, 35)
    const events = db().auditEvent
    const realFindMany = events.findMany.bind(events)
    let applied: string | null = null
    type Args = Parameters<typeof realFindMany>[0]
    const spy = vi.spyOn(events, 'findMany').mockImplementation((async (args: Args) => {
      const found = await realFindMany(args)
      // Right after the checker's lookup of a later "applied" row came back empty, it lands.
      if (!applied && args?.where?.result === 'applied' && args.where.name === ROUTE && found.length === 0) {
        applied = await recordAudit({ ...by, result: 'applied' })
      }
      return found
    }) as unknown as typeof events.findMany)
    try {
      await checker.checkHoldsOnce('test-race2')
    } finally {
      spy.mockRestore()
    }
    expect(applied).not.toBeNull()
    const done = await db().holdCheck.findUniqueOrThrow({ where: { auditId: first } })
    expect(done.status).toBe('held')
    expect(done.outcome).toBe(`held until superseded by route.weights by matrix-admin (change ${applied})`)
  })

  it('a later change through the console is not a revert: the first held until superseded', async () => {
    const c = checker.startHoldChecker({ holder: 'test-s', intervalMs: 300 })
    try {
      const first = await applyChange([70, 30])
      // The checker sees the console's own write first, as in the revert case.
      await new Promise((r) => setTimeout(r, 1200))
      const second = await applyChange([60, 40])
      const done = await decided(first)
      expect(done.status).toBe('held')
      expect(done.outcome).toBe(`held until superseded by route.weights by matrix-admin (change ${second})`)
      const { recentReverts } = await import('@/lib/actions/hold/store')
      expect((await recentReverts()).map((r) => r.auditId)).not.toContain(first)
      expect((await decided(second)).status).toBe('held')
    } finally {
      await c.stop()
    }
  })
})
