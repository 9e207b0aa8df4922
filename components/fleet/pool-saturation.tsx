import {
  KV_CACHE_THRESHOLD,
  QUEUE_THRESHOLD,
  SOURCE_TEXT,
  saturationText,
  verdictText,
  type PoolSaturation,
  type SaturationState,
  type SaturationView,
} from '@/lib/fleet/saturation-math'

const TONE: Record<SaturationState, string> = {
  saturated: 'bad',
  ok: 'ok',
  'no-data': 'warn',
  'no-endpoints': 'warn',
}

const THRESHOLDS = `saturated above a mean queue of ${QUEUE_THRESHOLD} or ${Math.round(KV_CACHE_THRESHOLD * 100)}% KV cache per endpoint`

/**
 * One pool's queue, KV cache and running requests with its verdict. Plain component (no hooks):
 * the Triage page renders it on the server, the Models view on the client.
 */
export function PoolSaturationLine({
  sat,
  status,
  label,
  compact = false,
}: {
  sat: PoolSaturation | null | undefined
  status: SaturationView['status']
  /** What the line is about when it is not under the pool's name (Triage). */
  label?: React.ReactNode
  /** Under a pool name on the Models page: muted. */
  compact?: boolean
}) {
  // Prometheus unset or down is said once for the page (SaturationNotice), not on every pool.
  if (status !== 'ok') return null
  if (!sat)
    return (
      <div className="muted" data-testid="pool-saturation" data-state="missing">
        {label}no endpoint-picker metrics for this pool
      </div>
    )
  return (
    <div
      className={compact ? 'muted' : undefined}
      data-testid="pool-saturation"
      data-state={sat.state}
      data-source={sat.source}
      data-queue={sat.queue ?? ''}
      data-kv-cache={sat.kvCache ?? ''}
      title={`${SOURCE_TEXT[sat.source]}; ${THRESHOLDS}`}
    >
      {label}
      {saturationText(sat)}
      {sat.readyPods !== null ? ` · ${sat.readyPods} ready` : ''}{' '}
      <span className={`badge ${TONE[sat.state]}`}>{verdictText(sat)}</span>
    </div>
  )
}

/** Why no saturation is shown at all: said once, above the pools. */
export function SaturationNotice({ status }: { status: SaturationView['status'] }) {
  if (status === 'ok') return null
  return (
    <p className="muted" data-testid="saturation-notice" data-status={status}>
      {status === 'unconfigured'
        ? 'Pool saturation needs Prometheus: PROMETHEUS_URL is not set.'
        : 'Pool saturation is unavailable: Prometheus did not answer.'}
    </p>
  )
}
