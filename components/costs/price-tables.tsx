import { formatMoney } from '@/lib/cost/money'

interface ModelPriceView {
  id: string
  model: string
  effectiveFrom: Date
  inputPerM: number
  outputPerM: number
  cachedPerM: number
  example: boolean
  createdBy: string
}

interface GpuPriceView {
  id: string
  product: string
  effectiveFrom: Date
  perHour: number
  example: boolean
  createdBy: string
}

const day = (d: Date) => d.toISOString().slice(0, 10)
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
            <td>{day(r.effectiveFrom)}</td>
            <td>{formatMoney(r.inputPerM)}</td>
            <td>{formatMoney(r.cachedPerM)}</td>
            <td>{formatMoney(r.outputPerM)}</td>
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
            <td>{day(r.effectiveFrom)}</td>
            <td>{formatMoney(r.perHour)}</td>
            <td className="muted">{r.createdBy}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
