const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
}

// A decimal number with an optional binary, SI or exponent suffix ("E" alone is exa, "E3" an exponent).
const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/

/**
 * A Kubernetes resource.Quantity ("8", "500m", "80Gi", "1e3") as a number; null when it is not one.
 * The one parser of the console: the watch projection, quota forms and validation all read with it.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export function parseQuantity(value: unknown): number | null {
  if (typeof value === 'number') return value
  if (typeof value !== 'string') return null
  const m = QUANTITY.exec(value.trim())
  if (!m) return null
  // The exponent form is parsed as one decimal literal: exact, where mantissa × 10^n rounds twice.
  if (m[2]) return Number(`${m[1]}${m[2]}`)
  return Number(m[1]) * (SUFFIX[m[3] ?? ''] ?? NaN)
}

/** As parseQuantity with NaN for "not a quantity", for sums that keep only finite values. */
export function quantityOrNaN(value: unknown): number {
  return parseQuantity(value) ?? NaN
}
