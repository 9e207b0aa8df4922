'use client'
import { useRouter } from 'next/navigation'
import { formatMoneyCompact, toMicros } from '@/lib/cost/money'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import styles from './costs.module.css'

const PALETTE = ['#5b8ff0', '#48bb78', '#ecc94b', '#ed8936', '#9f7aea', '#f56565', '#38b2ac', '#a0aec0']

export interface ChartRow {
  bucket: string
  /** per key: total spend in the bucket */
  values: Record<string, number>
  /** per key: where a click on that bar segment leads */
  hrefs: Record<string, string>
}

/** Spend per bucket, stacked by team, model or route; clicking a segment drills down. */
export function SpendChart({ rows, keys, currency }: { rows: ChartRow[]; keys: string[]; currency: string }) {
  const router = useRouter()
  const data = rows.map((r) => ({ bucket: r.bucket, ...r.values }))
  // The chart plots units (recharts wants plain numbers); its labels go through the one formatter.
  const money = (v: number) => formatMoneyCompact(toMicros(v), currency)
  return (
    <div className={styles.chart} data-testid="spend-chart" data-keys={JSON.stringify(keys)}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="bucket" stroke="var(--muted)" fontSize={12} />
          <YAxis stroke="var(--muted)" fontSize={12} tickFormatter={money} width={70} />
          <Tooltip
            formatter={(v) => money(Number(v))}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)' }}
          />
          <Legend />
          {keys.map((k, i) => (
            <Bar
              key={k}
              dataKey={k}
              stackId="spend"
              className={`spend-series-${i}`}
              fill={PALETTE[i % PALETTE.length]}
              cursor="pointer"
              onClick={(_d, index) => {
                const href = rows[index]?.hrefs[k]
                if (href) router.push(href)
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
}
