/**
 * Route weight arithmetic without zod: the Routes page's weights editor runs it in the browser, where
 * importing route-weights.ts would ship zod (~30 kB gzip) with the page.
 */

/** The HTTPRoute CRD's bounds for backendRefs[].weight (gateway-api v1.6). */
export const MAX_WEIGHT = 1_000_000

/** Share of each backend in percent, as the gateway computes it (weight / sum). */
export function weightShares(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0)
  return weights.map((w) => (total === 0 ? 0 : (w / total) * 100))
}
