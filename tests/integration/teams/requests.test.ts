import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { kubeconfigs } from '@/harness/kubeconfigs'
import { kubectl, kubectlJson } from '@/harness/kubectl'
import { CALLERS } from '@/tests/support/users'
import type { ActionSpec } from '@/lib/actions/run-action'

process.env.DATABASE_URL ??= 'file:./.aire/test.db'
const CLUSTER = 'gpu-east'
const NS = 'team-assistant'
type AnySpec = ActionSpec<z.ZodType, unknown>

let run: typeof import('@/lib/actions/run-action').executeAction
let request: AnySpec
let decide: AnySpec
let createTeam: AnySpec
let db: typeof import('@/lib/db/client').db

const hardNow = () =>
  Number(
    kubectlJson<{ spec: { hard: Record<string, string> } }>(CLUSTER, [
      'get',
      'resourcequota',
      'gpu-quota',
      '-n',
      NS,
    ]).spec.hard['requests.nvidia.com/gpu'],
  )
const admin = { user: CALLERS.admin, originOk: true }
const operator = { user: CALLERS.operator, originOk: true }

beforeAll(async () => {
  kubeconfigs()
  const { migrate } = await import('@/lib/db/migrate')
  await migrate(process.env.DATABASE_URL!)
  ;({ executeAction: run } = await import('@/lib/actions/run-action'))
  ;({ db } = await import('@/lib/db/client'))
  for (const name of ['assistant', 'search']) {
    await db().team.upsert({ where: { name }, create: { name, displayName: name }, update: {} })
  }
  const specs = await import('@/lib/actions/specs/quota-request')
  request = specs.requestQuotaAction as AnySpec
  decide = specs.decideRequestAction as AnySpec
  createTeam = (await import('@/lib/actions/specs/team-admin')).createTeamAction as AnySpec
})

function gpuRequest(team: string, requested: number) {
  return {
    kind: 'gpu',
    team,
    cluster: CLUSTER,
    namespace: NS,
    requested: String(requested),
    reason: 'launch of the new assistant tier',
  }
}

describe('quota requests', () => {
  it('an operator asks for +8 GPUs, an admin approves, the quota changes, and the audit shows request, approval and apply', async () => {
    const target = hardNow() + 8
    const asked = await run(request, gpuRequest('assistant', target), operator)
    expect(asked, JSON.stringify(asked)).toMatchObject({ ok: true })
    const id = (asked as { data: { id: string } }).data.id
    const approved = await run(decide, { id, decision: 'approve' }, admin)
    expect(approved, JSON.stringify(approved)).toMatchObject({ ok: true, data: { status: 'approved' } })
    expect(hardNow()).toBe(target)
    const trail = await db().auditEvent.findMany({
      where: { team: 'assistant', result: 'applied', at: { gte: new Date(Date.now() - 60_000) } },
      orderBy: { at: 'asc' },
    })
    const actions = trail.map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining(['quota-request.create', 'quota.gpu', 'quota-request.decide']),
    )
    expect(actions.indexOf('quota-request.create')).toBeLessThan(actions.lastIndexOf('quota.gpu'))
  })

  it('a viewer cannot request, and an operator of team A cannot request for team B', async () => {
    const viewer = await run(request, gpuRequest('assistant', 99), { user: CALLERS.viewer, originOk: true })
    expect(viewer).toMatchObject({ ok: false, code: 'forbidden' })
    const other = await run(
      request,
      { kind: 'budget', team: 'search', requested: '5000.00', reason: 'not my team at all' },
      operator,
    )
    expect(other).toMatchObject({ ok: false, code: 'forbidden' })
    const wrongNamespace = await run(
      request,
      { ...gpuRequest('search', 99), team: 'search' },
      { user: CALLERS.otherOperator, originOk: true },
    )
    expect(wrongNamespace).toMatchObject({ ok: false, code: 'invalid_input' })
  })

  it('approval after a concurrent manual change gets the conflict path; a manual raise past the ask supersedes it', async () => {
    const start = hardNow()
    const asked = await run(request, gpuRequest('assistant', start + 10), operator)
    const id = (asked as { data: { id: string } }).data.id
    kubectl(CLUSTER, [
      'patch',
      'resourcequota',
      'gpu-quota',
      '-n',
      NS,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { hard: { 'requests.nvidia.com/gpu': String(start + 2) } } }),
    ])
    const conflict = await run(decide, { id, decision: 'approve' }, admin)
    expect(conflict).toMatchObject({ ok: false, code: 'conflict' })
    expect(hardNow()).toBe(start + 2)
    expect((await db().quotaRequest.findUniqueOrThrow({ where: { id } })).status).toBe('pending')
    kubectl(CLUSTER, [
      'patch',
      'resourcequota',
      'gpu-quota',
      '-n',
      NS,
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { hard: { 'requests.nvidia.com/gpu': String(start + 20) } } }),
    ])
    const superseded = await run(decide, { id, decision: 'approve' }, admin)
    expect(superseded).toMatchObject({ ok: true, data: { status: 'superseded' } })
    expect(hardNow()).toBe(start + 20)
  })

  it('a decline needs a reason and the requester sees it', async () => {
    const asked = await run(
      request,
      { kind: 'budget', team: 'assistant', requested: '12500.50', reason: 'more evals this month' },
      operator,
    )
    const id = (asked as { data: { id: string } }).data.id
    expect(await run(decide, { id, decision: 'decline' }, admin)).toMatchObject({
      ok: false,
      code: 'invalid_input',
    })
    expect(
      await run(decide, { id, decision: 'decline', note: 'wait for next quarter' }, admin),
    ).toMatchObject({ ok: true })
    const row = await db().quotaRequest.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({
      status: 'declined',
      decision: 'wait for next quarter',
      requester: CALLERS.operator!.username,
    })
    const bad = await run(
      request,
      { kind: 'budget', team: 'assistant', requested: '12.345', reason: 'three decimals' },
      operator,
    )
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input' })
  })
})

describe('team creation', () => {
  it('is not left half-made when one of its namespaces cannot be labelled', async () => {
    const free = `team-free-${randomUUID().slice(0, 6)}`
    kubectl(CLUSTER, ['create', 'namespace', free])
    try {
      const name = `t-${randomUUID().slice(0, 6)}`
      // team-search belongs to team search already: the whole creation must be refused.
      const res = await run(
        createTeam,
        {
          name,
          displayName: 'New',
          namespaces: [
            { cluster: CLUSTER, namespace: free },
            { cluster: CLUSTER, namespace: 'team-search' },
          ],
        },
        admin,
      )
      expect(res).toMatchObject({ ok: false, code: 'conflict' })
      expect(await db().team.findUnique({ where: { name } })).toBeNull()
      const labels =
        kubectlJson<{ metadata: { labels?: Record<string, string> } }>(CLUSTER, ['get', 'namespace', free])
          .metadata.labels ?? {}
      expect(labels['aire.dev/team']).toBeUndefined()
      const ok = await run(
        createTeam,
        { name, displayName: 'New', namespaces: [{ cluster: CLUSTER, namespace: free }] },
        admin,
      )
      expect(ok, JSON.stringify(ok)).toMatchObject({ ok: true })
      expect(
        kubectlJson<{ metadata: { labels: Record<string, string> } }>(CLUSTER, ['get', 'namespace', free])
          .metadata.labels['aire.dev/team'],
      ).toBe(name)
      expect(await run(createTeam, { name, displayName: 'Again', namespaces: [] }, admin)).toMatchObject({
        ok: false,
        code: 'invalid_input',
      })
      expect(
        await run(createTeam, { name: 'Not_DNS', displayName: 'x', namespaces: [] }, admin),
      ).toMatchObject({ ok: false, code: 'invalid_input' })
    } finally {
      kubectl(CLUSTER, ['delete', 'namespace', free, '--wait=false'])
    }
  })
})
