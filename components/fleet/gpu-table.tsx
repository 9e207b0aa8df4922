'use client'
import { memo, useCallback, useMemo, useRef, useState, type CSSProperties } from 'react'
import type { GpuSort } from '@/lib/validations/gpu-query-params'
import type { GpuNodeRow } from '@/lib/fleet/types'
import { GpuStateBadges } from './gpu-badges'
import styles from './fleet.module.css'
import { useRowWindow } from './use-row-window'
import { Bar } from '@/components/ui/bar'

interface GroupTotals {
  nodes: number
  total: number
  allocated: number
  idle: number
}

type Item =
  | { kind: 'cluster'; key: string; label: string; t: GroupTotals; open: boolean }
  | { kind: 'pool'; key: string; label: string; t: GroupTotals; open: boolean }
  | { kind: 'node'; key: string; row: GpuNodeRow }

const ROW_HEIGHT = 37
const COLUMNS = 8

function totalsOf(rows: readonly GpuNodeRow[]): GroupTotals {
  const t = { nodes: 0, total: 0, allocated: 0, idle: 0 }
  for (const r of rows) {
    t.nodes++
    t.total += r.total
    t.allocated += r.allocated
    t.idle += r.idle
  }
  return t
}

/** Rows arrive sorted cluster → pool → node; interleave group headers, skipping collapsed groups. */
function flatten(rows: readonly GpuNodeRow[], collapsed: ReadonlySet<string>): Item[] {
  const byCluster = new Map<string, Map<string, GpuNodeRow[]>>()
  for (const r of rows) {
    let pools = byCluster.get(r.cluster)
    if (!pools) byCluster.set(r.cluster, (pools = new Map()))
    const list = pools.get(r.pool)
    if (list) list.push(r)
    else pools.set(r.pool, [r])
  }
  const items: Item[] = []
  for (const [cluster, pools] of byCluster) {
    const ck = `c:${cluster}`
    const clusterOpen = !collapsed.has(ck)
    items.push({
      kind: 'cluster',
      key: ck,
      label: cluster,
      t: totalsOf([...pools.values()].flat()),
      open: clusterOpen,
    })
    if (!clusterOpen) continue
    for (const [pool, list] of pools) {
      const pk = `p:${cluster}/${pool}`
      const poolOpen = !collapsed.has(pk)
      items.push({ kind: 'pool', key: pk, label: pool, t: totalsOf(list), open: poolOpen })
      if (poolOpen) for (const row of list) items.push({ kind: 'node', key: row.key, row })
    }
  }
  return items
}

const GroupRow = memo(function GroupRow({
  item,
  index,
  onToggle,
}: {
  item: Extract<Item, { kind: 'cluster' | 'pool' }>
  index: number
  onToggle: (key: string) => void
}) {
  const { t } = item
  return (
    <tr className={item.kind === 'cluster' ? styles.clusterRow : styles.poolRow} aria-rowindex={index + 2}>
      <td colSpan={COLUMNS} className={item.kind === 'pool' ? styles.indent1 : undefined}>
        <button
          type="button"
          className={styles.groupToggle}
          aria-expanded={item.open}
          onClick={() => onToggle(item.key)}
        >
          <span aria-hidden>{item.open ? '▾' : '▸'}</span>
          <span>{item.kind === 'cluster' ? `Cluster ${item.label}` : `Pool ${item.label}`}</span>
        </button>{' '}
        <span className="muted">
          · {t.nodes} nodes · {t.allocated}/{t.total} GPUs allocated · {t.idle} idle
        </span>
      </td>
    </tr>
  )
})

const NodeRow = memo(function NodeRow({
  row,
  index,
  selected,
  onOpen,
}: {
  row: GpuNodeRow
  index: number
  selected: boolean
  onOpen: (key: string) => void
}) {
  const migUsed = row.mig.reduce((a, m) => a + m.allocated, 0)
  const migCap = row.mig.reduce((a, m) => a + m.allocatable, 0)
  const share = row.total > 0 ? (row.allocated / row.total) * 100 : 0
  return (
    <tr
      className={`${styles.nodeRow} ${selected ? styles.selected : ''}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-node={row.key}
      onClick={() => onOpen(row.key)}
    >
      <td className={styles.indent2} title={row.name}>
        <button
          type="button"
          className={styles.linkButton}
          onClick={(e) => {
            e.stopPropagation()
            onOpen(row.key)
          }}
        >
          {row.name}
        </button>
      </td>
      <td title={row.product}>
        {row.product}
        {row.memoryMiB ? <span className="muted"> · {Math.round(row.memoryMiB / 1024)} GiB</span> : null}
      </td>
      <td>
        <div className={styles.gpuBar}>
          <Bar percent={share} />
          <span className={styles.num} data-testid="allocated">
            {row.allocated}/{row.total}
          </span>
        </div>
      </td>
      <td className={styles.num} data-testid="idle">
        {row.idle}
      </td>
      <td className={styles.num}>
        {migCap > 0
          ? `${migUsed}/${migCap}`
          : row.dra.devices
            ? `DRA ${row.dra.allocated}/${row.dra.devices}`
            : '—'}
      </td>
      <td>
        <GpuStateBadges row={row} />
      </td>
      <td title={row.teams.join(', ')}>
        {row.teams.length ? row.teams.join(', ') : <span className="muted">—</span>}
      </td>
      <td
        className={styles.num}
        title="Mean GPU utilisation of the node now (dcgm-exporter via Prometheus)"
        data-testid="util"
      >
        {row.utilisation === undefined ? (
          <span className="muted">—</span>
        ) : (
          `${Math.round(row.utilisation * 100)}%`
        )}
      </td>
    </tr>
  )
})

function SortHeader(props: {
  label: string
  sort: GpuSort
  current: GpuSort
  dir: 'asc' | 'desc'
  onSort: (s: GpuSort) => void
  numeric?: boolean
}) {
  const active = props.current === props.sort
  return (
    <th
      scope="col"
      className={props.numeric ? styles.num : undefined}
      aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className={styles.groupToggle} onClick={() => props.onSort(props.sort)}>
        {props.label}
        <span aria-hidden>{active ? (props.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  )
}

/**
 * Nodes grouped cluster → pool, virtualised: only the rows in view (plus overscan) are in the DOM,
 * so 10,000 nodes scroll as fast as 10. Rows are memoised on their data object, which react-query
 * keeps identical when unchanged, so a live update re-renders only the rows that changed.
 */
/** Stands in for the rows above or below the window; its height is data (the rows it replaces). */
function SpacerRow({ height }: { height: number }) {
  const h: CSSProperties & Record<'--spacer', string> = { '--spacer': `${height}px` }
  return (
    <tr aria-hidden className={styles.spacer} style={h}>
      <td colSpan={COLUMNS} />
    </tr>
  )
}

export function GpuTable(props: {
  rows: GpuNodeRow[]
  selected: string | null
  sort: GpuSort
  dir: 'asc' | 'desc'
  onOpen: (key: string) => void
  onSort: (sort: GpuSort) => void
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set())
  const items = useMemo(() => flatten(props.rows, collapsed), [props.rows, collapsed])
  const scroller = useRef<HTMLDivElement>(null)
  const onToggle = useCallback((key: string) => {
    setCollapsed((prev) => {
      const next = new Set(prev)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
  }, [])
  const { start, end, top, bottom } = useRowWindow(scroller, items.length, ROW_HEIGHT, {
    overscan: 15,
    headerHeight: ROW_HEIGHT,
  })
  const sortProps = { current: props.sort, dir: props.dir, onSort: props.onSort }
  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="region"
      aria-label="GPU nodes"
      tabIndex={0}
      data-testid="gpu-table"
    >
      <table className={`table ${styles.gridTable}`} aria-rowcount={items.length + 1}>
        <colgroup>
          <col />
          <col />
          <col />
          <col />
          <col />
          <col />
          <col />
          <col />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <SortHeader label="Node" sort="name" {...sortProps} />
            <SortHeader label="Product" sort="product" {...sortProps} />
            <SortHeader label="GPUs alloc/total" sort="allocated" {...sortProps} />
            <SortHeader label="Idle" sort="idle" numeric {...sortProps} />
            <th scope="col" className={styles.num}>
              MIG / DRA
            </th>
            <th scope="col">State</th>
            <th scope="col">Teams</th>
            <SortHeader label="Util." sort="utilisation" numeric {...sortProps} />
          </tr>
        </thead>
        <tbody>
          {top > 0 ? <SpacerRow height={top} /> : null}
          {items
            .slice(start, end)
            .map((item, i) =>
              item.kind === 'node' ? (
                <NodeRow
                  key={item.key}
                  row={item.row}
                  index={start + i}
                  selected={props.selected === item.key}
                  onOpen={props.onOpen}
                />
              ) : (
                <GroupRow key={item.key} item={item} index={start + i} onToggle={onToggle} />
              ),
            )}
          {bottom > 0 ? <SpacerRow height={bottom} /> : null}
        </tbody>
      </table>
    </div>
  )
}
