import 'server-only'
import { db } from '@/lib/db/client'
import { GOLDEN_LIMITS } from '@/lib/quality/golden/limits'
import type { FailureSample, RoundResult } from '@/lib/quality/prober/round'
import { getGoldenSetByName } from './golden-sets'

/** The prober's results per golden set and version (prisma GoldenResult / GoldenFailure). */

export interface VersionResult {
  cluster: string
  namespace: string
  pool: string
  version: string
  via: string
  probes: number
  passed: number
  failed: number
  timedOut: number
  errored: number
  lastPassed: number
  lastTotal: number
  lastError: string | null
  lastRoundAt: string
}

export interface FailureView {
  version: string
  cluster: string
  pool: string
  position: number
  label: string
  reason: string
  answer: string
  responseId: string | null
  at: string
}

/** Only what belongs to the set's current revision: an edit during a round discards the round. */
async function currentRevisions(ids: string[]): Promise<Map<string, number>> {
  const rows = await db().goldenSet.findMany({
    where: { id: { in: ids } },
    select: { id: true, revision: true },
  })
  return new Map(rows.map((r) => [r.id, r.revision]))
}

export async function recordRound(r: RoundResult, at: Date): Promise<void> {
  const revisions = await currentRevisions([...new Set(r.summaries.map((s) => s.setId))])
  const current = (x: { setId: string; revision: number }) => revisions.get(x.setId) === x.revision
  for (const s of r.summaries.filter(current)) {
    const total = s.passed + s.failed + s.timedOut + s.errored
    const t = s.target
    const id = { setId: s.setId, cluster: t.cluster, namespace: t.namespace, pool: t.pool }
    const last = {
      version: t.version,
      via: t.via,
      lastPassed: s.passed,
      lastTotal: total,
      lastError: s.lastError,
      lastRoundAt: at,
    }
    await db().goldenResult.upsert({
      where: { setId_cluster_namespace_pool: id },
      create: {
        ...id,
        ...last,
        probes: total,
        passed: s.passed,
        failed: s.failed,
        timedOut: s.timedOut,
        errored: s.errored,
      },
      update: {
        ...last,
        probes: { increment: total },
        passed: { increment: s.passed },
        failed: { increment: s.failed },
        timedOut: { increment: s.timedOut },
        errored: { increment: s.errored },
      },
    })
  }
  await keepNewestFailures(r.failures.filter(current))
}

/** Adds this round's failing answers and keeps the newest five per set and version. */
async function keepNewestFailures(failures: readonly FailureSample[]): Promise<void> {
  if (failures.length === 0) return
  await db().goldenFailure.createMany({
    data: failures.map((f) => ({
      setId: f.setId,
      version: f.version,
      cluster: f.cluster,
      pool: f.pool,
      position: f.position,
      label: f.label,
      reason: f.reason.slice(0, 200),
      answer: f.answer,
      responseId: f.responseId?.slice(0, 200) ?? null,
      at: new Date(f.at),
    })),
  })
  const groups = new Set(failures.map((f) => `${f.setId}\u0000${f.version}`))
  for (const g of groups) {
    const [setId, version] = g.split('\u0000') as [string, string]
    const keep = await db().goldenFailure.findMany({
      where: { setId, version },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: GOLDEN_LIMITS.samplesPerVersion,
      select: { id: true },
    })
    await db().goldenFailure.deleteMany({ where: { setId, version, id: { notIn: keep.map((k) => k.id) } } })
  }
}

export async function resultsOf(setId: string): Promise<VersionResult[]> {
  const rows = await db().goldenResult.findMany({
    where: { setId },
    orderBy: [{ version: 'asc' }, { cluster: 'asc' }, { pool: 'asc' }],
  })
  return rows.map((r) => ({ ...r, lastRoundAt: r.lastRoundAt.toISOString() }))
}

export async function failuresOf(setId: string): Promise<FailureView[]> {
  const rows = await db().goldenFailure.findMany({
    where: { setId },
    orderBy: [{ version: 'asc' }, { at: 'desc' }],
  })
  return rows.map((r) => ({
    version: r.version,
    cluster: r.cluster,
    pool: r.pool,
    position: r.position,
    label: r.label,
    reason: r.reason,
    answer: r.answer,
    responseId: r.responseId,
    at: r.at.toISOString(),
  }))
}

export interface GoldenEvidence {
  setId: string
  setName: string
  prompts: string[]
  /** newest first per version, the versions in name order */
  failures: FailureView[]
}

/**
 * What Triage shows beside a quality burn over a golden set's verdicts: that set's last failing
 * answers, of one version when the SLO is a version's. Null when no golden set sends that name
 * (an external evaluator's results).
 */
export async function goldenEvidence(
  evaluationName: string,
  version?: string,
): Promise<GoldenEvidence | null> {
  const set = await getGoldenSetByName(evaluationName)
  if (!set) return null
  const failures = (await failuresOf(set.id)).filter((f) => !version || f.version === version)
  return { setId: set.id, setName: set.name, prompts: set.prompts.map((p) => p.prompt), failures }
}

/** Last-round pass share per set and version, for the list page. */
export async function latestShares(): Promise<
  Map<string, { version: string; passed: number; total: number; at: string }[]>
> {
  const rows = await db().goldenResult.findMany({ orderBy: [{ version: 'asc' }] })
  const out = new Map<string, { version: string; passed: number; total: number; at: string }[]>()
  for (const r of rows) {
    const list = out.get(r.setId) ?? []
    const same = list.find((x) => x.version === r.version)
    if (same) {
      same.passed += r.lastPassed
      same.total += r.lastTotal
    } else
      list.push({
        version: r.version,
        passed: r.lastPassed,
        total: r.lastTotal,
        at: r.lastRoundAt.toISOString(),
      })
    out.set(r.setId, list)
  }
  return out
}
