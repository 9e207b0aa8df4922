import type { GpuNodeRow, GpuTotals, InventorySummary, PendingGpuPod, SummaryRow } from './types'
import { GPU_RESOURCE } from '@/lib/k8s/labels'
import { cmp } from './compare'
import { heldByPods } from './inventory'

export function emptyTotals(): GpuTotals {
  return {
    nodes: 0,
    capacity: 0,
    total: 0,
    allocated: 0,
    idle: 0,
    unavailable: 0,
    dra: { devices: 0, allocated: 0 },
    mig: { capacity: 0, allocated: 0 },
    cordoned: 0,
    notReady: 0,
    allocatedButIdle: 0,
    withUtilisation: 0,
  }
}

export function addRow(t: GpuTotals, r: GpuNodeRow): void {
  t.nodes++
  t.capacity += r.capacity
  t.total += r.total
  t.allocated += r.allocated
  t.idle += r.idle
  if (r.cordoned || r.notReady) t.unavailable += r.idle
  t.dra.devices += r.dra.devices
  t.dra.allocated += r.dra.allocated
  for (const m of r.mig) {
    t.mig.capacity += m.allocatable
    t.mig.allocated += m.allocated
  }
  if (r.cordoned) t.cordoned++
  if (r.notReady) t.notReady++
  if (r.allocatedButIdle) t.allocatedButIdle += heldByPods(r)
  if (r.utilisation !== undefined) t.withUtilisation++
}

function group(rows: readonly GpuNodeRow[], keyOf: (r: GpuNodeRow) => string): SummaryRow[] {
  const m = new Map<string, SummaryRow>()
  for (const r of rows) {
    const key = keyOf(r)
    let s = m.get(key)
    if (!s) m.set(key, (s = { key, ...emptyTotals() }))
    addRow(s, r)
  }
  return [...m.values()].sort((a, b) => b.total - a.total || cmp(a.key, b.key))
}

/** GPUs total / allocated / idle overall, by product and by cluster. */
export function summarize(
  rows: readonly GpuNodeRow[],
  pending: readonly PendingGpuPod[] = [],
): InventorySummary {
  const totals = emptyTotals()
  for (const r of rows) addRow(totals, r)
  return {
    totals,
    byProduct: group(rows, (r) => r.product),
    byCluster: group(rows, (r) => r.cluster),
    pendingPods: pending.length,
    pendingGpus: pending.reduce((a, p) => a + (p.gpu[GPU_RESOURCE] ?? 0) + p.claims, 0),
  }
}
