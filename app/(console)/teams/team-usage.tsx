import Link from 'next/link'
import type { TeamDeployment, TeamGpuUsage, TeamSlo, TokenPeak } from '@/lib/teams/team-overview'
import { SloStateBadge } from '@/components/slo/state-badge'
import { Bar } from '@/components/ui/bar'

const num = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 0 })
const pct = (n: number) => `${Math.round(n * 100)}%`

export function TokenPeakCell({ peak, limit }: { peak: TokenPeak | undefined; limit: number | null }) {
  if (!peak) return <div className="muted">peak 24 h: no usage</div>
  const share = limit ? peak.tokens / limit : null
  return (
    <div data-testid="token-peak" title={`busiest hour started ${peak.hour.toISOString()}`}>
      <span className="muted">peak 24 h:</span> {num(peak.tokens)}
      {share !== null ? (
        <>
          {' '}
          <span className={share >= 1 ? 'badge bad' : share >= 0.8 ? 'badge warn' : 'muted'}>
            {pct(share)}
          </span>
          <Bar percent={Math.min(100, share * 100)} />
        </>
      ) : null}
    </div>
  )
}

export function GpuStat({ usage, team }: { usage: TeamGpuUsage | undefined | null; team: string }) {
  return (
    <div className="stat" data-testid="team-gpus">
      <div className="label">GPUs allocated</div>
      <div className="value">
        <Link href={`/gpus?team=${encodeURIComponent(team)}`}>
          {usage === null ? '—' : num(usage?.allocated ?? 0)}
        </Link>
      </div>
      <div className="muted">
        {usage === null ? (
          'cluster data unavailable'
        ) : (
          <>
            {usage?.idle === null || usage === undefined ? (
              'idle: utilisation unknown'
            ) : (
              <span className={usage.idle > 0 ? 'badge warn' : undefined} data-testid="team-idle-gpus">
                {num(usage.idle)} idle
              </span>
            )}
            {usage && usage.pending > 0 ? ` · ${num(usage.pending)} pending` : ''}
          </>
        )}
      </div>
    </div>
  )
}

export function SloStat({ slos }: { slos: TeamSlo[] | undefined | null }) {
  return (
    <div className="stat span-2" data-testid="team-slos">
      <div className="label">SLOs</div>
      {slos === null ? (
        <div className="muted">SLO states unavailable</div>
      ) : !slos || slos.length === 0 ? (
        <div className="muted">none defined</div>
      ) : (
        <ul className="plain-list mt-4">
          {slos.map((s) => (
            <li key={s.id} data-slo={s.name}>
              <Link href={s.state === 'page' || s.state === 'ticket' ? `/triage/${s.id}` : `/slos/${s.id}`}>
                <SloStateBadge state={s.state} /> {s.name}
              </Link>
              {s.budgetRemaining !== null ? (
                <span className="muted"> · {pct(Math.max(0, s.budgetRemaining))} budget left</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function TeamDeployments({
  team,
  deployments,
}: {
  team: string
  deployments: TeamDeployment[] | null | undefined
}) {
  if (deployments === null) return <p className="muted">Model deployments unavailable: no cluster data.</p>
  if (!deployments || deployments.length === 0) return <p className="muted">No model deployments.</p>
  return (
    <details data-testid="team-deployments">
      <summary>
        {deployments.length} model deployment{deployments.length === 1 ? '' : 's'} ·{' '}
        {num(deployments.reduce((a, d) => a + d.gpus, 0))} GPUs ·{' '}
        <Link href={`/models?team=${encodeURIComponent(team)}`}>on the Models page</Link>
      </summary>
      <table className="table">
        <thead>
          <tr>
            <th>Model</th>
            <th>Version</th>
            <th>Cluster / namespace</th>
            <th>Ready</th>
            <th>GPUs</th>
            <th>Rollout</th>
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <tr key={d.key}>
              <td>{d.model}</td>
              <td>
                {d.version}
                {d.track ? <span className="muted"> ({d.track})</span> : null}
              </td>
              <td>
                {d.cluster} / {d.namespace}
              </td>
              <td>
                <span className={d.ready < d.desired ? 'badge warn' : undefined}>
                  {d.ready}/{d.desired}
                </span>
              </td>
              <td>{num(d.gpus)}</td>
              <td>
                {d.rollout === 'complete' ? (
                  <span className="muted">complete</span>
                ) : (
                  <span className={`badge ${d.rollout === 'stalled' ? 'bad' : 'warn'}`}>{d.rollout}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
