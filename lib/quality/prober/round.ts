import type { CompiledCheck } from '@/lib/quality/golden/checks'
import { GOLDEN_LIMITS } from '@/lib/quality/golden/limits'
import { redactAnswer } from '@/lib/quality/golden/redact'
import type { Limiter } from './limiter'
import type { EvaluationEvent, ProbeLabel } from './otlp'
import type { ProbeTarget } from './target'

/**
 * One probe round (pure orchestration; I/O comes in through `deps`): every prompt of every set
 * to every version of its model, each probe under its model's limiter, every outcome an
 * evaluation event, and per set and version a summary plus the newest failing answers.
 */

export interface ProbeSet {
  id: string
  name: string
  model: string
  revision: number
  prompts: { position: number; prompt: string; check: CompiledCheck }[]
}

export type ProbeAnswer =
  | { kind: 'answer'; content: string; responseId: string | null }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string }

export interface TargetSummary {
  setId: string
  revision: number
  target: ProbeTarget
  passed: number
  failed: number
  timedOut: number
  errored: number
  lastError: string | null
}

export interface FailureSample {
  setId: string
  revision: number
  version: string
  cluster: string
  pool: string
  position: number
  label: Exclude<ProbeLabel, 'pass'>
  reason: string
  /** redacted and cut (lib/quality/golden/redact.ts); '' for timeouts and errors */
  answer: string
  responseId: string | null
  at: number
}

export interface RoundDeps {
  targetsFor(set: ProbeSet): Promise<ProbeTarget[]>
  ask(target: ProbeTarget, prompt: string): Promise<ProbeAnswer>
  limiterFor(model: string): Limiter
  emit(events: EvaluationEvent[]): void
  now(): number
}

export interface RoundResult {
  summaries: TargetSummary[]
  failures: FailureSample[]
  probes: number
  /** sets whose targets could not be listed, with why */
  unresolved: { setId: string; error: string }[]
}

function judge(answer: ProbeAnswer, check: CompiledCheck): { label: ProbeLabel; reason: string } {
  if (answer.kind === 'timeout') return { label: 'timeout', reason: 'no answer within the timeout' }
  if (answer.kind === 'error') return { label: 'error', reason: answer.message }
  const r = check(answer.content)
  return r.pass ? { label: 'pass', reason: '' } : { label: 'fail', reason: r.reason }
}

export async function runRound(sets: readonly ProbeSet[], deps: RoundDeps): Promise<RoundResult> {
  const result: RoundResult = { summaries: [], failures: [], probes: 0, unresolved: [] }
  const work: Promise<void>[] = []
  for (const set of sets) {
    let targets: ProbeTarget[]
    try {
      targets = await deps.targetsFor(set)
    } catch (e) {
      result.unresolved.push({ setId: set.id, error: e instanceof Error ? e.message : String(e) })
      continue
    }
    for (const target of targets) {
      const summary: TargetSummary = {
        setId: set.id,
        revision: set.revision,
        target,
        passed: 0,
        failed: 0,
        timedOut: 0,
        errored: 0,
        lastError: null,
      }
      result.summaries.push(summary)
      for (const p of set.prompts) {
        const probe = async () => {
          const answer = await deps.ask(target, p.prompt)
          const at = deps.now()
          const { label, reason } = judge(answer, p.check)
          result.probes++
          if (label === 'pass') summary.passed++
          else if (label === 'fail') summary.failed++
          else if (label === 'timeout') summary.timedOut++
          else {
            summary.errored++
            summary.lastError = reason
          }
          const responseId = answer.kind === 'answer' ? answer.responseId : null
          deps.emit([
            {
              evaluationName: set.name,
              label,
              timeMs: at,
              responseId,
              requestModel: target.requestModel,
              version: target.version,
              namespace: target.namespace,
              route: target.route,
              cluster: target.cluster,
              pool: target.pool,
              promptIndex: p.position,
            },
          ])
          if (label !== 'pass') {
            result.failures.push({
              setId: set.id,
              revision: set.revision,
              version: target.version,
              cluster: target.cluster,
              pool: target.pool,
              position: p.position,
              label,
              reason,
              answer: answer.kind === 'answer' ? redactAnswer(answer.content) : '',
              responseId,
              at,
            })
          }
        }
        work.push(deps.limiterFor(target.requestModel).run(probe))
      }
    }
  }
  await Promise.all(work)
  result.failures = newestPerVersion(result.failures)
  return result
}

/** The newest GOLDEN_LIMITS.samplesPerVersion failures per set and version. */
export function newestPerVersion(failures: readonly FailureSample[]): FailureSample[] {
  const groups = new Map<string, FailureSample[]>()
  for (const f of failures) {
    const k = `${f.setId}\u0000${f.version}`
    groups.set(k, [...(groups.get(k) ?? []), f])
  }
  return [...groups.values()].flatMap((g) =>
    [...g].sort((a, b) => b.at - a.at || a.position - b.position).slice(0, GOLDEN_LIMITS.samplesPerVersion),
  )
}
