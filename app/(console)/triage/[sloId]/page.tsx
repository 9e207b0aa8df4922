import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { BurnChartView } from '@/components/slo/burn-chart'
import { PoolSaturationLine, SaturationNotice } from '@/components/fleet/pool-saturation'
import { SloStateBadge } from '@/components/slo/state-badge'
import { pageUser } from '@/lib/auth/current-user'
import { canOperate } from '@/lib/auth/permissions'
import { burnText, durationText, forecastText, objectiveText, pct, utcText } from '@/lib/slo/format'
import { listNotes } from '@/lib/slo/store'
import { triageDetail, TRIAGE_HOURS } from '@/lib/slo/triage'
import { targetLabel } from '@/lib/slo/types'
import type { TargetSaturation } from '@/lib/fleet/saturation-math'
import { pageThresholds } from '@/lib/slo/windows'
import { IncidentNoteForm } from '../incident-note-form'
import { MitigationButton } from '../mitigation-button'
import { RevertAlert } from '@/components/ui/revert-alert'
import { recentReverts, REVERT_ALERT_HOURS } from '@/lib/actions/hold/store'
import { FailingAnswers } from '@/components/quality/failing-answers'
import { GOLDEN_LIMITS } from '@/lib/quality/golden/limits'
import { goldenEvidence, type GoldenEvidence } from '@/lib/quality/store/results'
import styles from './triage.module.css'

export const metadata: Metadata = { title: 'Triage' }

export default async function TriageBurnPage({ params }: { params: Promise<{ sloId: string }> }) {
  const user = await pageUser()
  const { sloId } = await params
  const [d, notes, allReverts] = await Promise.all([
    triageDetail(user, sloId),
    listNotes(sloId),
    recentReverts().catch(() => []),
  ])
  if (!d) notFound()
  const golden = d.slo.evaluationName
    ? await goldenEvidence(
        d.slo.evaluationName,
        d.slo.target.kind === 'version' ? (d.slo.target.version ?? undefined) : undefined,
      ).catch(() => null)
    : null
  // This burn's team's changes that did not hold: its mitigation state is "reverted", never done.
  const reverts = allReverts.filter((r) => r.team === d.slo.team)
  const revertOf = (kind: string, o: { cluster: string; namespace: string; name: string }) =>
    allReverts.find(
      (r) => r.kind === kind && r.cluster === o.cluster && r.namespace === o.namespace && r.name === o.name,
    )
  const revertedBadge = (r: ReturnType<typeof revertOf>) =>
    r ? (
      <span className="badge bad" data-testid="mitigation-reverted" title={r.outcome ?? undefined}>
        reverted: {r.outcome}
      </span>
    ) : null
  const { slo, status, chart } = d
  const now = Date.parse(d.generatedAt)
  return (
    <>
      <p className="m-0">
        <Link href="/triage">← All burns</Link>
      </p>
      <h1>
        {slo.name} <SloStateBadge state={status.state} noDataSince={status.noDataSince} />
      </h1>
      <RevertAlert reverts={reverts} hours={REVERT_ALERT_HOURS} />
      <p className="muted mt-0">
        {slo.sliKind} of {targetLabel(slo.target)} · team {slo.team} · {objectiveText(slo.objective)} over{' '}
        {slo.windowDays} days · <Link href={`/slos/${slo.id}`}>SLO page</Link>
      </p>
      <div className="grid mb-12">
        <section className="panel stat">
          <div className="label">Burn onset</div>
          <div className="value" data-testid="onset" data-value={d.onset ?? ''}>
            {d.onset ? utcText(d.onset) : '—'}
          </div>
          <div className="muted">
            {d.onset
              ? `${durationText((now - Date.parse(d.onset)) / 1000)} ago`
              : `no burn in the last ${TRIAGE_HOURS}h`}
          </div>
        </section>
        <section className="panel stat">
          <div className="label">Burn 5m / 1h / 6h</div>
          <div className="value">
            {(['5m', '1h', '6h'] as const).map((w, i) => (
              // The raw number rides along so a reader (or a browser test) can compare it to a factor.
              <span key={w} data-testid={`burn-${w}`} data-value={status.burns[w] ?? ''}>
                {i > 0 ? ' / ' : ''}
                {burnText(status.burns[w])}
              </span>
            ))}
          </div>
          <div className="muted" data-testid="firing">
            {status.firing.map((f) => `${f.severity}: ${f.long} & ${f.short} > ${f.factor}×`).join('; ') ||
              'no alert condition holds'}
          </div>
        </section>
        <section className="panel stat">
          <div className="label">Load</div>
          <div className="value" data-testid="load-verdict" data-value={d.saturation.verdict}>
            {LOAD_TEXT[d.saturation.verdict]}
          </div>
          <div className="muted">
            <a href="#saturation">{d.saturation.pools.length} pools</a> · queue and KV cache now
          </div>
        </section>
        <section className="panel stat">
          <div className="label">Error budget</div>
          <div className="value">{pct(status.budgetRemaining)}</div>
          <div className="muted">{forecastText(status.exhaustion, status.budgetRemaining, now)}</div>
        </section>
      </div>

      <Saturation s={d.saturation} />

      <section className="panel mb-12" aria-labelledby="suspects">
        <h2 id="suspects" className="mt-0">
          Changes before the burn, most likely first
        </h2>
        {d.suspects.length === 0 ? (
          <p className="muted">
            No console change, rollout or Event on this target’s model, route or team before the onset.
          </p>
        ) : (
          <table className="table" data-testid="suspects">
            <thead>
              <tr>
                <th>#</th>
                <th>When</th>
                <th>Change</th>
                <th>Why suspected</th>
                <th>Score</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.suspects.map((s, i) => (
                <tr key={s.id} data-kind={s.kind} data-source={s.source}>
                  <td>{i + 1}</td>
                  <td className="muted">{utcText(s.at)}</td>
                  <td>
                    {s.summary} <span className="badge">{s.source}</span>
                  </td>
                  <td className="muted">{s.reasons.join(' · ')}</td>
                  <td>{s.score.toFixed(2)}</td>
                  <td>
                    {s.revertible && s.auditId && canOperate(user, s.team) ? (
                      <MitigationButton
                        kind="revert"
                        input={{ auditId: s.auditId }}
                        label="Revert"
                        confirm="Restore what this change replaced?"
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {golden ? <GoldenFailures evidence={golden} /> : null}

      <section className="panel mb-12" aria-labelledby="mitigate">
        <h2 id="mitigate" className="mt-0">
          Mitigate
        </h2>
        {d.shifts.length === 0 && d.rollbacks.length === 0 ? (
          <p className="muted">
            No route of this target has a stable backend to shift to, and no suspected rollout to roll back.
          </p>
        ) : null}
        <ul className={`plain-list ${styles.options}`}>
          {d.shifts.map((s) => (
            <li key={`${s.cluster}/${s.namespace}/${s.name}/${s.ruleIndex}`} data-testid="shift-option">
              <strong>
                {s.namespace}/{s.name}
              </strong>{' '}
              <span className="badge">{s.cluster}</span> rule {s.ruleIndex}: {pct(s.offStable, 0)} of traffic
              off {s.stable} {revertedBadge(revertOf('HTTPRoute', s))}{' '}
              {s.allowed ? (
                // Mounted even once all is on stable: the refresh after a shift must not take away
                // the outcome the operator just got.
                <MitigationButton
                  done={s.offStable === 0 ? 'all on stable' : undefined}
                  kind="shift"
                  input={{
                    cluster: s.cluster,
                    namespace: s.namespace,
                    name: s.name,
                    ruleIndex: s.ruleIndex,
                    stable: s.stable,
                  }}
                  label={`Shift to stable (${s.stable})`}
                  confirm={`Send 100% of ${s.name} on ${s.cluster} to ${s.stable}?`}
                />
              ) : s.offStable === 0 ? (
                <span className="badge ok">all on stable</span>
              ) : (
                <span className="muted">(your role cannot change this route)</span>
              )}
            </li>
          ))}
          {d.rollbacks.map((r) => (
            <li key={`${r.cluster}/${r.namespace}/${r.name}`} data-testid="rollback-option">
              <strong>
                {r.namespace}/{r.name}
              </strong>{' '}
              <span className="badge">{r.cluster}</span> revision {r.fromRevision}{' '}
              {revertedBadge(revertOf('Deployment', r))}{' '}
              {r.allowed ? (
                <MitigationButton
                  kind="rollback"
                  input={{
                    cluster: r.cluster,
                    namespace: r.namespace,
                    name: r.name,
                    revision: r.toRevision,
                    generation: r.generation,
                  }}
                  label={`Roll back to revision ${r.toRevision}`}
                  confirm={`Roll ${r.name} back from revision ${r.fromRevision} to ${r.toRevision}?`}
                />
              ) : (
                <span className="muted">(your role cannot roll this back)</span>
              )}
            </li>
          ))}
        </ul>
      </section>

      <section className="panel mb-12">
        <h2 className="mt-0">SLI and burn, last {TRIAGE_HOURS} hours</h2>
        {chart ? (
          <BurnChartView
            points={chart.points}
            windows={chart.windows}
            thresholds={pageThresholds(chart.windows, slo.windowDays)}
            annotations={d.annotations}
            height={180}
          />
        ) : (
          <p role="alert">{d.chartError}</p>
        )}
      </section>

      <section className="panel" aria-labelledby="notes">
        <h2 id="notes" className="mt-0">
          Incident notes
        </h2>
        {canOperate(user, slo.team) ? (
          <IncidentNoteForm sloId={slo.id} onset={d.onset} state={status.state} />
        ) : (
          <p className="muted">Operators of team {slo.team} and admins can add notes.</p>
        )}
        <ul data-testid="notes" className={styles.notes}>
          {notes.map((n) => (
            <li key={n.id}>
              <span className="muted">
                {utcText(n.createdAt)} · {n.author}
                {n.state ? ` · ${n.state}` : ''}:
              </span>{' '}
              {n.body}
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}

/** The prober's failing answers behind a golden-set SLI: what the burn is made of, per version. */
function GoldenFailures({ evidence }: { evidence: GoldenEvidence }) {
  const versions = [...new Set(evidence.failures.map((f) => f.version))].sort()
  return (
    <section className="panel mb-12" aria-labelledby="golden-failures" data-testid="golden-failures">
      <h2 id="golden-failures" className="mt-0">
        Failing golden answers
      </h2>
      <p className="muted mt-0">
        The prober’s newest failing answers on golden set “{evidence.setName}” (redacted; the last{' '}
        {GOLDEN_LIMITS.samplesPerVersion} per version).
      </p>
      {versions.length === 0 ? (
        <p className="muted">None: every version passed every prompt in the rounds kept.</p>
      ) : (
        versions.map((v) => (
          <div key={v} data-failures={v}>
            <h3>{v}</h3>
            <FailingAnswers
              failures={evidence.failures.filter((f) => f.version === v)}
              prompts={evidence.prompts}
            />
          </div>
        ))
      )}
    </section>
  )
}

const LOAD_TEXT: Record<TargetSaturation['verdict'], string> = {
  overloaded: 'overloaded',
  'not-overloaded': 'not saturated',
  unknown: 'unknown',
}

/**
 * The target's pools now, beside the burn: a saturated pool says "overloaded"; every pool under
 * the thresholds says load does not explain it, so the version or a change is the suspect.
 */
function Saturation({ s }: { s: TargetSaturation }) {
  const saturated = s.pools.filter((p) => p.sat?.state === 'saturated').length
  const headline =
    s.verdict === 'overloaded'
      ? `Overloaded: ${saturated} of ${s.pools.length} pools saturated. The burn may come from load, not from a version.`
      : s.verdict === 'not-overloaded'
        ? 'Not saturated: no pool of this target is over the thresholds, so load does not explain the burn.'
        : s.status === 'ok' && s.pools.length === 0
          ? 'No InferencePool serves this target in the watched clusters.'
          : s.status === 'ok'
            ? 'Saturation is not known for every pool of this target.'
            : null
  return (
    <section
      className="panel mb-12"
      aria-labelledby="saturation"
      data-testid="triage-saturation"
      data-verdict={s.verdict}
    >
      <h2 id="saturation" className="mt-0">
        Pool saturation now
      </h2>
      <SaturationNotice status={s.status} />
      {headline ? <p className="mt-0">{headline}</p> : null}
      {s.status === 'ok' ? (
        <ul className={`plain-list ${styles.pools}`}>
          {s.pools.map((p) => (
            <li key={p.key} data-pool={p.key}>
              <PoolSaturationLine
                sat={p.sat}
                status={s.status}
                label={
                  <>
                    <strong>{p.key.split('/')[2]}</strong>{' '}
                    <span className={`badge ${p.track === 'canary' ? 'warn' : ''}`}>{p.version}</span>{' '}
                    <span className="badge">{p.cluster}</span>{' '}
                  </>
                }
              />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
