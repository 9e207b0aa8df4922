/**
 * Which InferenceObjectives each InferencePool serves, from cached objects of both API groups
 * (llm-d.ai/v1alpha2 and the older inference.networking.x-k8s.io/v1alpha2). Pure: the Models and
 * Routes views read it, the pages format it with `objectiveText`.
 */
import type { InferenceObjectiveLite } from '@/lib/k8s/watch/types'
import { cmp } from './compare'

/** The pool group the cache watches (inference.networking.k8s.io/v1); '' is how defaulting looks when absent. */
const POOL_GROUPS = new Set(['inference.networking.k8s.io', ''])

export interface PoolObjective {
  name: string
  /** null when unset: the endpoint picker treats it as 0 */
  priority: number | null
  /** API group it was read from, e.g. llm-d.ai */
  group: string
}

/**
 * Objectives keyed by the pool they reference, "namespace/pool", highest priority first (unset
 * counts as 0, as the endpoint picker does), then by name. A poolRef to another kind or group
 * (e.g. an x-k8s v1alpha2 InferencePool, which the console does not watch) belongs to no pool here.
 * The same objective under both groups (a cluster mid-migration) is listed once, as llm-d.ai.
 */
export function objectivesByPool(objectives: Iterable<InferenceObjectiveLite>): Map<string, PoolObjective[]> {
  const seen = new Map<string, InferenceObjectiveLite>()
  for (const o of objectives) {
    if (o.poolRef.kind !== 'InferencePool' || !POOL_GROUPS.has(o.poolRef.group) || !o.poolRef.name) continue
    const id = `${o.namespace}/${o.name}`
    const prev = seen.get(id)
    if (!prev || (prev.group !== 'llm-d.ai' && o.group === 'llm-d.ai')) seen.set(id, o)
  }
  const out = new Map<string, PoolObjective[]>()
  for (const o of seen.values()) {
    const key = `${o.namespace}/${o.poolRef.name}`
    const list = out.get(key) ?? []
    list.push({ name: o.name, priority: o.priority, group: o.group })
    out.set(key, list)
  }
  for (const list of out.values())
    list.sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || cmp(a.name, b.name))
  return out
}

/** "chat-premium (priority 10)", "batch (priority −1)", "default (priority unset)": one objective. */
export function objectiveText(o: PoolObjective): string {
  if (o.priority === null) return `${o.name} (priority unset)`
  // U+2212: a real minus sign, which does not wrap away from its number.
  const p = o.priority < 0 ? `\u2212${-o.priority}` : String(o.priority)
  return `${o.name} (priority ${p})`
}
