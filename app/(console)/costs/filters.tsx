import type { CostQuery } from '@/lib/cost/params'

const RANGE_LABEL: Record<string, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  mtd: 'This month',
  'last-month': 'Last month',
}

/** Plain GET form: works without JavaScript and keeps every view a shareable URL. */
export function Filters({ q, dimensions }: { q: CostQuery; dimensions: string[] }) {
  const day = (d: Date) => d.toISOString().slice(0, 10)
  return (
    <form method="get" action="/costs" className="filters panel">
      <label>
        Period
        <select name="range" defaultValue={q.range === 'custom' ? '30d' : q.range}>
          {Object.entries(RANGE_LABEL).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        or from
        <input type="date" name="from" defaultValue={q.range === 'custom' ? day(q.from) : ''} />
      </label>
      <label>
        to
        <input
          type="date"
          name="to"
          defaultValue={q.range === 'custom' ? day(new Date(q.to.getTime() - 86_400e3)) : ''}
        />
      </label>
      <label>
        Per
        <select name="grain" defaultValue={q.grain}>
          <option value="day">day</option>
          <option value="week">week</option>
          <option value="month">month</option>
        </select>
      </label>
      <label>
        By
        <select name="by" defaultValue={q.by}>
          {dimensions.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      {(['team', 'model', 'route', 'cluster'] as const).map((k) =>
        q[k] ? <input key={k} type="hidden" name={k} value={q[k]} /> : null,
      )}
      <button type="submit" className="btn primary">
        Show
      </button>
    </form>
  )
}
