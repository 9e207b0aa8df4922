import type { InventorySummary, SummaryRow } from '@/lib/fleet/types'
import { IDLE_UTILISATION, IDLE_WINDOW_TEXT } from '@/lib/fleet/utilisation-math'
import styles from './fleet.module.css'
import { Bar } from '@/components/ui/bar'

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) : 0)

function UsedBar({ used, total }: { used: number; total: number }) {
  return <Bar percent={pct(used, total)} />
}

function Breakdown({ title, rows }: { title: string; rows: SummaryRow[] }) {
  return (
    <section className="panel">
      <h2 className="mt-0">{title}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{title.replace('By ', '')}</th>
            <th scope="col" className={styles.num}>
              Total
            </th>
            <th scope="col" className={styles.num}>
              Allocated
            </th>
            <th scope="col" className={styles.num}>
              Idle
            </th>
            <th className={styles.productCol} scope="col">
              <span className="visually-hidden">Allocation</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-summary={r.key}>
              <td>{r.key}</td>
              <td className={styles.num}>{r.total}</td>
              <td className={styles.num}>{r.allocated}</td>
              <td className={styles.num}>{r.idle}</td>
              <td>
                <UsedBar used={r.allocated} total={r.total} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** Cards for the fleet in scope, then totals by product and by cluster. */
export function GpuSummary({ summary }: { summary: InventorySummary }) {
  const t = summary.totals
  const schedulableIdle = t.idle - t.unavailable
  return (
    <>
      <div className={`grid ${styles.cards}`} data-testid="gpu-summary">
        <section className="panel stat">
          <div className="label">GPUs</div>
          <div className="value" data-testid="gpus-total">
            {t.total}
          </div>
          <div className="muted">
            on {t.nodes} nodes{t.dra.devices ? ` · ${t.dra.devices} via DRA` : ''}
          </div>
        </section>
        <section className="panel stat">
          <div className="label">Allocated</div>
          <div className="value" data-testid="gpus-allocated">
            {t.allocated} <span className="muted">({pct(t.allocated, t.total)}%)</span>
          </div>
          <UsedBar used={t.allocated} total={t.total} />
        </section>
        <section className="panel stat">
          <div className="label">Idle, schedulable</div>
          <div className="value" data-testid="gpus-idle">
            {schedulableIdle}
          </div>
          <div className="muted">
            {t.unavailable} more on {t.cordoned} cordoned / {t.notReady} NotReady nodes
          </div>
        </section>
        <section className="panel stat">
          <div className="label">Allocated but idle</div>
          <div className="value" data-testid="gpus-allocated-idle">
            {t.withUtilisation ? t.allocatedButIdle : '—'}
          </div>
          <div className="muted">
            {t.withUtilisation
              ? `GPUs or MIG slices held by pods, under ${Math.round(IDLE_UTILISATION * 100)}% for ${IDLE_WINDOW_TEXT}`
              : 'utilisation unavailable'}
          </div>
        </section>
        <section className="panel stat">
          <div className="label">MIG slices</div>
          <div className="value">
            {t.mig.allocated} / {t.mig.capacity}
          </div>
          <div className="muted">allocated / allocatable</div>
        </section>
        <section className="panel stat">
          <div className="label">Pending for GPUs</div>
          <div className="value" data-testid="gpus-pending">
            {summary.pendingPods}
          </div>
          <div className="muted">{summary.pendingGpus} GPUs requested</div>
        </section>
      </div>
      <div className={`grid ${styles.summaryGrid}`}>
        <Breakdown title="By product" rows={summary.byProduct} />
        <Breakdown title="By cluster" rows={summary.byCluster} />
      </div>
    </>
  )
}
