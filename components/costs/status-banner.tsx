import type { LedgerStatus } from '@/lib/cost/reports'

function utc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`
}

/** Where the numbers come from: the ledger, and whether Prometheus feeds it right now. */
export function StatusBanner({ status }: { status: LedgerStatus }) {
  const through = status.finalThrough
    ? `complete hours through ${utc(status.finalThrough)}`
    : 'no complete hours yet'
  if (!status.prometheusConfigured) {
    return (
      <p className="panel" role="status" data-testid="metrics-status">
        <span className="badge warn">metrics not configured</span> PROMETHEUS_URL is not set: costs come from
        the ledger only ({through}).
      </p>
    )
  }
  if (status.metricsDownSince) {
    return (
      <p className="panel" role="alert" data-testid="metrics-status">
        <span className="badge bad">metrics unavailable</span> Metrics unavailable since{' '}
        {utc(status.metricsDownSince)}: showing the ledger ({through}). The roll-up catches up when Prometheus
        answers again.
      </p>
    )
  }
  return (
    <p className="muted" data-testid="metrics-status">
      From the usage ledger: {through}
      {status.partialAt ? `, current hour as of ${utc(status.partialAt)}` : ''}.
    </p>
  )
}
