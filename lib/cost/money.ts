/** Money arithmetic for reports. Pure. Amounts are floats in the price currency; round only to show. */

/** Rounds to cents, half away from zero, immune to binary artefacts such as 1.005 → 1.00. */
export function roundCents(x: number): number {
  const cents = Math.round(Math.abs(x) * 100 + 1e-7)
  return (Math.sign(x) * cents) / 100 || 0
}

export function formatMoney(x: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 2 }).format(
    roundCents(x),
  )
}

/** 1234567 → "1.23M", 950 → "950". */
export function formatTokens(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k`
  return String(Math.round(n))
}
