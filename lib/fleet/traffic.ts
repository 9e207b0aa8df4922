import type { HTTPRouteLite } from '@/lib/k8s/watch/types'

export const INFERENCE_GROUP = 'inference.networking.k8s.io'

export interface PoolTraffic {
  /** namespace/name of the HTTPRoute */
  route: string
  /** the backendRef's name (the pool) */
  pool: string
  rule: number
  weight: number
  /** Percent of the rule's traffic (weight / sum of the rule's weights); 0 when all weights are 0. */
  share: number
}

/**
 * Traffic share of each InferencePool, keyed "namespace/pool", from the weighted backendRefs of
 * HTTPRoute rules (gateway-api v1.6: share = weight / sum of the rule's weights, all-zero = none).
 * Shares are per rule: a pool behind two routes gets two entries.
 */
export function poolShares(routes: Iterable<HTTPRouteLite>): Map<string, PoolTraffic[]> {
  const out = new Map<string, PoolTraffic[]>()
  for (const route of routes) {
    route.rules.forEach((rule, ruleIndex) => {
      const sum = rule.backendRefs.reduce((a, b) => a + Math.max(0, b.weight), 0)
      for (const b of rule.backendRefs) {
        if (b.group !== INFERENCE_GROUP || b.kind !== 'InferencePool') continue
        const key = `${b.namespace}/${b.name}`
        const entry: PoolTraffic = {
          route: `${route.namespace}/${route.name}`,
          pool: b.name,
          rule: ruleIndex,
          weight: b.weight,
          share: sum > 0 ? (Math.max(0, b.weight) / sum) * 100 : 0,
        }
        out.set(key, [...(out.get(key) ?? []), entry])
      }
    })
  }
  return out
}
