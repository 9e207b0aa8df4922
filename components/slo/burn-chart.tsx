'use client'
import type { CSSProperties } from 'react'
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { utcText } from '@/lib/slo/format'
import styles from './burn-chart.module.css'

export interface ChartPointView {
  t: number
  budget: number | null
  burns: Record<string, number | null>
}

export interface AnnotationView {
  t: number
  kind: string
  label: string
}

const COLORS = ['var(--accent)', 'var(--warn)']
const KIND_COLOR: Record<string, string> = {
  'shift-to-stable': 'var(--ok)',
  rollback: 'var(--ok)',
  revert: 'var(--ok)',
}

function timeLabel(span: number) {
  return (t: number) => (span > 2 * 86_400 ? utcText(t).slice(5, 10) : utcText(t, false))
}

/**
 * Budget remaining over the SLO window, and burn rates over time, with change annotations
 * (vertical lines) and the page thresholds of the plotted windows.
 */
export function BurnChartView(props: {
  points: ChartPointView[]
  windows: string[]
  thresholds: { window: string; factor: number }[]
  annotations: AnnotationView[]
  height?: number
}) {
  const { points, windows, annotations } = props
  const start = points[0]?.t ?? 0
  const end = points.at(-1)?.t ?? 0
  const fmt = timeLabel(end - start)
  const data = points.map((p) => ({
    t: p.t,
    budget: p.budget === null ? null : Math.round(p.budget * 10_000) / 100,
    ...Object.fromEntries(
      windows.map((w) => [`burn ${w}`, p.burns[w] === null ? null : Number(p.burns[w]!.toFixed(3))]),
    ),
  }))
  // The server already limits annotations to the range; the last points end at a step boundary,
  // so a change made within the last step is still shown (the axis extends to it).
  const marks = annotations.filter((a) => a.t >= start)
  const plotHeight: CSSProperties & Record<'--plot-height', string> = {
    '--plot-height': `${props.height ?? 220}px`,
  }
  const lines = marks.map((a, i) => (
    <ReferenceLine
      key={`${a.t}-${i}`}
      x={a.t}
      stroke={KIND_COLOR[a.kind] ?? 'var(--bad)'}
      strokeDasharray="4 3"
      ifOverflow="extendDomain"
    />
  ))
  return (
    <div data-testid="burn-chart" style={plotHeight}>
      <h3 className={styles.title}>Error budget remaining (over the SLO window ending at each point)</h3>
      <div className={styles.plot}>
        <ResponsiveContainer>
          <AreaChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[start, end]}
              tickFormatter={fmt}
              stroke="var(--muted)"
            />
            <YAxis
              unit="%"
              stroke="var(--muted)"
              width={56}
              domain={[(min: number) => Math.min(0, Math.floor(min / 10) * 10), 100]}
              allowDataOverflow
            />
            <Tooltip labelFormatter={(t) => utcText(Number(t))} />
            <ReferenceLine y={0} stroke="var(--bad)" />
            {lines}
            <Area
              dataKey="budget"
              name="budget remaining"
              stroke="var(--ok)"
              fill="var(--ok)"
              fillOpacity={0.15}
              connectNulls
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <h3 className={styles.title}>Burn rate</h3>
      <div className={styles.plot}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="t"
              type="number"
              domain={[start, end]}
              tickFormatter={fmt}
              stroke="var(--muted)"
            />
            <YAxis stroke="var(--muted)" width={56} />
            <Tooltip labelFormatter={(t) => utcText(Number(t))} />
            <Legend />
            {props.thresholds.map((th) => (
              <ReferenceLine
                key={th.window}
                y={th.factor}
                stroke="var(--bad)"
                strokeOpacity={0.6}
                label={{
                  value: `page ${th.factor}× (${th.window})`,
                  fill: 'var(--muted)',
                  fontSize: 11,
                  position: 'insideTopRight',
                }}
              />
            ))}
            {lines}
            {windows.map((w, i) => (
              <Line
                key={w}
                dataKey={`burn ${w}`}
                dot={false}
                stroke={COLORS[i % COLORS.length]}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {marks.length > 0 ? (
        <ol className={`muted ${styles.annotations}`} data-testid="annotations">
          {marks.map((a, i) => (
            <li key={`${a.t}-${i}`} data-kind={a.kind}>
              <time dateTime={new Date(a.t * 1000).toISOString()}>{utcText(a.t)}</time> — {a.label}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">No changes to this target in the range.</p>
      )}
    </div>
  )
}
