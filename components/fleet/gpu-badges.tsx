import { IDLE_UTILISATION, IDLE_WINDOW_TEXT } from '@/lib/fleet/utilisation-math'
import type { GpuNodeRow } from '@/lib/fleet/types'

const STATE: Record<GpuNodeRow['state'], { label: string; tone: string }> = {
  notready: { label: 'NotReady', tone: 'bad' },
  cordoned: { label: 'cordoned', tone: 'warn' },
  nogpu: { label: 'no GPUs reported', tone: 'warn' },
  full: { label: 'full', tone: '' },
  allocated: { label: 'in use', tone: '' },
  idle: { label: 'idle', tone: 'ok' },
}

/** The node's state, plus flags worth a look: unhealthy GPUs and allocated-but-idle. */
export function GpuStateBadges({ row }: { row: GpuNodeRow }) {
  const s = STATE[row.state]
  const unhealthy = row.capacity - row.allocatable
  return (
    <>
      <span className={`badge ${s.tone}`} data-state={row.state}>
        {s.label}
      </span>
      {unhealthy > 0 ? (
        <>
          {' '}
          <span
            className="badge warn"
            title="Capacity above allocatable: the device plugin reports unhealthy GPUs"
          >
            {unhealthy} unhealthy
          </span>
        </>
      ) : null}
      {row.allocatedButIdle ? (
        <>
          {' '}
          <span
            className="badge warn"
            title={`Its allocated GPUs averaged under ${Math.round(IDLE_UTILISATION * 100)}% utilisation over the last ${IDLE_WINDOW_TEXT}`}
            data-testid="allocated-idle"
          >
            allocated but idle
          </span>
        </>
      ) : null}
    </>
  )
}
