/**
 * GPU utilisation per node from dcgm-exporter series: the PromQL the console asks and how answers
 * become per-node numbers and the "allocated but idle" flag. Pure: no I/O, unit-tested.
 */
import { CLUSTER_LABEL, DCGM } from '@/lib/metrics/contract'

/**
 * "Allocated but idle": the node holds GPUs for pods, and those GPUs averaged under 5 %
 * utilisation over the last 10 minutes. A serving pod with any traffic keeps its GPU well above
 * that (vLLM's scheduler loop alone shows a few percent only when requests arrive); 10 minutes
 * keeps a short lull between bursts from being called waste.
 */
export const IDLE_UTILISATION = 0.05
export const IDLE_WINDOW = '10m'
export const IDLE_WINDOW_TEXT = '10 minutes'

/** dcgm-exporter names the node `Hostname` (3.x) or `hostname` (4.x); group by both, read either. */
const HOST_LABELS = [DCGM.hostLabel, DCGM.hostLabel.toLowerCase()] as const
const BY = `by (${CLUSTER_LABEL}, ${HOST_LABELS.join(', ')})`

export const UTILISATION_QUERIES = {
  /** Mean over all the node's GPUs now (last sample): the "Util." column. */
  now: `avg ${BY} (${DCGM.gpuUtil})`,
  /** Mean over the window of the GPUs a pod holds (needs dcgm-exporter's pod mapping). */
  held: `avg ${BY} (avg_over_time(${DCGM.gpuUtil}{pod!=""}[${IDLE_WINDOW}]))`,
  /** Busiest GPU of the node over the window: the fallback without pod mapping. */
  peak: `max ${BY} (max_over_time(${DCGM.gpuUtil}[${IDLE_WINDOW}]))`,
} as const

export type UtilisationQuery = keyof typeof UTILISATION_QUERIES

export interface NodeUtilisation {
  /** Mean utilisation of the node's GPUs now, 0..1. */
  now: number
  /** Mean over IDLE_WINDOW of the GPUs held by pods, 0..1; null without pod mapping. */
  held: number | null
  /** Highest utilisation of any of its GPUs over IDLE_WINDOW, 0..1. */
  peak: number | null
}

export interface Sample {
  metric: Record<string, string>
  value: number
}

/**
 * "cluster/node" of a series. A series without a `cluster` label belongs to the only cluster when
 * the console has just one (a Prometheus per cluster without external labels); otherwise it cannot
 * be placed and is dropped rather than shown on the wrong node.
 */
export function nodeKeyOf(metric: Record<string, string>, clusters: readonly string[]): string | null {
  const host = HOST_LABELS.map((l) => metric[l]).find((v) => v)
  if (!host) return null
  const cluster = metric[CLUSTER_LABEL] || (clusters.length === 1 ? clusters[0] : undefined)
  if (!cluster || !clusters.includes(cluster)) return null
  return `${cluster}/${host}`
}

const ratio = (percent: number) => Math.min(1, Math.max(0, percent / 100))

/** Per-node utilisation keyed "cluster/node" from the answers to UTILISATION_QUERIES. */
export function parseUtilisation(
  answers: Record<UtilisationQuery, readonly Sample[]>,
  clusters: readonly string[],
): Map<string, NodeUtilisation> {
  const out = new Map<string, NodeUtilisation>()
  for (const s of answers.now) {
    const key = nodeKeyOf(s.metric, clusters)
    if (key && Number.isFinite(s.value)) out.set(key, { now: ratio(s.value), held: null, peak: null })
  }
  for (const field of ['held', 'peak'] as const) {
    for (const s of answers[field]) {
      const key = nodeKeyOf(s.metric, clusters)
      const u = key ? out.get(key) : undefined
      if (u && Number.isFinite(s.value)) u[field] = ratio(s.value)
    }
  }
  return out
}

/**
 * Whether a node's allocated GPUs sit idle. With pod mapping, the held GPUs' 10-minute mean
 * decides; without it, only a node whose busiest GPU stayed under the threshold counts (never a
 * false alarm because unallocated GPUs drag a node average down). Unknown → false.
 */
export function isAllocatedButIdle(allocated: number, u: NodeUtilisation | undefined): boolean {
  if (!u || allocated <= 0) return false
  if (u.held !== null) return u.held < IDLE_UTILISATION
  if (u.peak !== null) return u.peak < IDLE_UTILISATION
  return false
}

/** A compact fingerprint (whole percents and flags' inputs) to tell whether an answer changed. */
export function fingerprint(m: ReadonlyMap<string, NodeUtilisation>): string {
  // Whole percents, plus which side of the idle threshold (a 4.6 % → 5.4 % move flips the flag).
  const pct = (v: number | null) =>
    v === null ? '-' : `${Math.round(v * 100)}${v < IDLE_UTILISATION ? '!' : ''}`
  let s = ''
  for (const [k, u] of m) s += `${k}:${pct(u.now)},${pct(u.held)},${pct(u.peak)};`
  return s
}
