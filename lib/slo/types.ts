/** SLO definitions as plain objects (what crosses from the database into pure code and the client). */

export const SLI_KINDS = ['quality', 'latency', 'availability'] as const
export type SliKind = (typeof SLI_KINDS)[number]

export const TARGET_KINDS = ['model', 'version', 'route'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

/**
 * What the SLO is about. `model` is the console's model id (label aire.dev/model, the HTTPRoute
 * name in the seeded fleet); a version target adds `version`; a route target names the HTTPRoute.
 * `cluster` narrows any target to one cluster.
 */
export interface SloTarget {
  kind: TargetKind
  model: string | null
  /** The model's served name (vLLM --model), the value of the metrics' model labels. */
  servedModel: string | null
  version: string | null
  namespace: string | null
  route: string | null
  cluster: string | null
}

export interface SloDefinition {
  id: string
  name: string
  team: string
  description: string | null
  sliKind: SliKind
  target: SloTarget
  /** 0..1, e.g. 0.995 */
  objective: number
  windowDays: 28 | 30
  /** Latency SLIs: requests with time to first token at or under this many seconds are good. */
  latencyThreshold: number | null
  /** Advanced: custom good/total PromQL with `$window` where the range goes. */
  customGood: string | null
  customTotal: string | null
  updatedAt: string
}

export function targetLabel(t: SloTarget): string {
  const where = t.cluster ? ` on ${t.cluster}` : ''
  if (t.kind === 'route') return `route ${t.namespace}/${t.route}${where}`
  if (t.kind === 'version') return `${t.model} ${t.version}${where}`
  return `${t.model}${where}`
}
