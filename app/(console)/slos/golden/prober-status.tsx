import { RelTime } from '@/components/ui/rel-time'
import type { ProberStatus } from '@/lib/quality/store/prober-state'
import styles from './golden.module.css'

/** Which replica probes, when it last did, and whether its evaluation events reach the Collector. */
export function ProberStatusPanel({ status }: { status: ProberStatus | null }) {
  if (!status) {
    return (
      <p className="panel muted" data-testid="prober-status">
        The prober has not run yet. It runs in the console when AIRE_GOLDEN_PROBER=on (docs/GOLDEN-SETS.md).
      </p>
    )
  }
  const o = status.otlp
  return (
    <dl className={`panel ${styles.status}`} data-testid="prober-status">
      <div>
        <dt>Prober</dt>
        <dd>
          {status.running && status.holder ? status.holder : 'not running (no replica holds the lease)'}
        </dd>
      </div>
      <div>
        <dt>Last round</dt>
        <dd>
          {status.lastRoundAt ? <RelTime at={status.lastRoundAt} /> : 'never'}
          {status.lastRoundMs !== null ? ` · ${(status.lastRoundMs / 1000).toFixed(1)} s` : ''}
          {status.lastError ? <span className="field-error"> · {status.lastError}</span> : null}
        </dd>
      </div>
      <div>
        <dt>Evaluation events (OTLP)</dt>
        <dd data-testid="otlp-counts">
          {o.enabled ? (
            <>
              {o.sent.toLocaleString('en')} sent · {o.buffered.toLocaleString('en')} buffered ·{' '}
              {o.dropped.toLocaleString('en')} dropped
              {o.downSince ? (
                <span className="field-error">
                  {' '}
                  · endpoint down since <RelTime at={o.downSince} />
                  {o.lastError ? ` (${o.lastError})` : ''}
                </span>
              ) : null}
            </>
          ) : (
            'off (AIRE_OTLP_ENDPOINT unset): results are only shown here'
          )}
        </dd>
      </div>
    </dl>
  )
}
