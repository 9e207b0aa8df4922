/**
 * Money is an integer number of micro-units (1 USD = 1,000,000) from the price catalog to the
 * report: integers add up exactly in any order, so a report's total is the sum of its rows and a
 * day the sum of its hours. Safe up to 2^53 micro-units (9 billion units) per amount. Pure.
 */

export type Micros = number

export const MICROS_PER_UNIT = 1_000_000

/** A decimal amount (at most 6 decimals, as the schemas allow) → micro-units, exactly. */
export function toMicros(amount: number): Micros {
  return Math.round(amount * MICROS_PER_UNIT)
}

/** Micro-units as the database returns them (BigInt column, SUM of one) → a JS integer. */
export function micros(v: bigint | number | string | null | undefined): Micros {
  if (v === null || v === undefined) return 0
  return typeof v === 'bigint' ? Number(v) : Math.round(Number(v))
}

/** Micro-units → a decimal amount for a form or CSV: 3250000 → 3.25. */
export function fromMicros(m: Micros): number {
  return m / MICROS_PER_UNIT
}

/** Micro-units as an exact decimal string (no binary artefacts): 1005000 → "1.005". */
export function microsText(m: Micros): string {
  const sign = m < 0 ? '-' : ''
  const abs = Math.abs(Math.round(m))
  const units = Math.floor(abs / MICROS_PER_UNIT)
  const frac = String(abs % MICROS_PER_UNIT)
    .padStart(6, '0')
    .replace(/0+$/, '')
  return `${sign}${units}${frac ? `.${frac}` : ''}`
}

/** Rounds micro-units to cents, half away from zero, in integers: 1005000 → 1010000. */
export function roundCentsMicros(m: Micros): Micros {
  const cents = Math.round(Math.abs(m) / 10_000 + 1e-9)
  return Math.sign(m) * cents * 10_000 || 0
}

/** Cents of micro-units for CSV: 1005000 → "1.01". */
export function centsText(m: Micros): string {
  const c = Math.round(roundCentsMicros(m) / 10_000)
  const sign = c < 0 ? '-' : ''
  const abs = Math.abs(c)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// The one currency formatter of the console; the exported helpers only pick its precision.
const PRECISION = {
  cent: { maximumFractionDigits: 2 },
  whole: { maximumFractionDigits: 0 },
  price: { minimumFractionDigits: 2, maximumFractionDigits: 6 },
  compact: { notation: 'compact' },
} satisfies Record<string, Intl.NumberFormatOptions>

function currencyText(units: number, currency: string, precision: keyof typeof PRECISION): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, ...PRECISION[precision] }).format(
    units,
  )
}

/** A spend amount to the cent: formatMoney(1234560000, 'USD') → "$1,234.56". */
export function formatMoney(m: Micros, currency = 'USD'): string {
  return currencyText(roundCentsMicros(m) / MICROS_PER_UNIT, currency, 'cent')
}

/** A whole-unit amount for summary cards: "$90,000". */
export function formatMoneyWhole(m: Micros, currency = 'USD'): string {
  return currencyText(Math.round(m / MICROS_PER_UNIT), currency, 'whole')
}

/** A unit price, which can be a fraction of a cent: 25000 → "$0.025". */
export function formatPrice(m: Micros, currency = 'USD'): string {
  return currencyText(m / MICROS_PER_UNIT, currency, 'price')
}

/** A chart axis label: 12345000000 → "$12K". */
export function formatMoneyCompact(m: Micros, currency = 'USD'): string {
  return currencyText(m / MICROS_PER_UNIT, currency, 'compact')
}

/** 1234567 → "1.23M", 950 → "950". */
export function formatTokens(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k`
  return String(Math.round(n))
}
