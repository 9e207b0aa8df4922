import { formatPrice } from '@/lib/cost/money'
import type { GpuPriceView, ModelPriceView } from '@/lib/cost/prices-repo'

/** "2026-12-01" for a price from midnight UTC, "2026-12-01 14:00 UTC" for one from an hour. */
function from(d: Date): string {
  const iso = d.toISOString()
  return iso.slice(11, 19) === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}
const Example = ({ on }: { on: boolean }) =>
  on ? (
    <span className="badge warn" title="Seeded example: replace with your own price">
      example
    </span>
  ) : null

export function ModelPriceTable({ rows }: { rows: ModelPriceView[] }) {
  return (
    <table className="table" data-testid="model-price-table">
      <thead>
        <tr>
          <th>model</th>
          <th>from</th>
          <th>input / 1M</th>
          <th>cached input / 1M</th>
          <th>output / 1M</th>
          <th>set by</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              {r.model} <Example on={r.example} />
            </td>
            <td>{from(r.effectiveFrom)}</td>
            <td>{formatPrice(r.inputMicrosPerM, r.currency)}</td>
            <td>{formatPrice(r.cachedMicrosPerM, r.currency)}</td>
            <td>{formatPrice(r.outputMicrosPerM, r.currency)}</td>
            <td className="muted">{r.createdBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function GpuPriceTable({ rows }: { rows: GpuPriceView[] }) {
  return (
    <table className="table" data-testid="gpu-price-table">
      <thead>
        <tr>
          <th>GPU product</th>
          <th>from</th>
          <th>per GPU-hour</th>
          <th>set by</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>
              {r.product} <Example on={r.example} />
            </td>
            <td>{from(r.effectiveFrom)}</td>
            <td>{formatPrice(r.microsPerHour, r.currency)}</td>
            <td className="muted">{r.createdBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
