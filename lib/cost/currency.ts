/**
 * The report currency and the exchange rates that let prices in other currencies into it. A
 * report never adds EUR to USD: a price converts with a configured rate, or it is not counted and
 * the report says why. Pure, apart from reading the two settings.
 */
import { AppError } from '@/lib/errors'

const CODE = /^[A-Z]{3}$/

export interface PricingBasis {
  /** ISO 4217 code every report amount is in */
  currency: string
  /** units of the report currency per unit of another currency */
  rates: ReadonlyMap<string, number>
}

/** The settings are wrong, not the user's input: an AppError so actions and routes say why. */
export class PricingConfigError extends AppError {
  constructor(message: string) {
    super('internal', message)
    this.name = 'PricingConfigError'
  }
}

/**
 * `AIRE_FX_RATES` as "EUR=1.08,GBP=1.27": one unit of EUR is 1.08 units of the report currency.
 * Throws a PricingConfigError naming the bad entry.
 */
export function parseFxRates(text: string | undefined, currency: string): Map<string, number> {
  const rates = new Map<string, number>()
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim()
    if (!entry) continue
    const m = /^([A-Za-z]{3})\s*=\s*([0-9]+(?:\.[0-9]+)?)$/.exec(entry)
    if (!m) throw new PricingConfigError(`AIRE_FX_RATES: "${entry}" is not CODE=rate (e.g. EUR=1.08).`)
    const code = m[1]!.toUpperCase()
    const rate = Number(m[2])
    if (!(rate > 0)) throw new PricingConfigError(`AIRE_FX_RATES: the rate of ${code} must be more than 0.`)
    if (code === currency)
      throw new PricingConfigError(`AIRE_FX_RATES: ${code} is the report currency; it needs no rate.`)
    if (rates.has(code)) throw new PricingConfigError(`AIRE_FX_RATES: ${code} is given twice.`)
    rates.set(code, rate)
  }
  return rates
}

export function parseBasis(currencyText: string | undefined, ratesText: string | undefined): PricingBasis {
  const currency = (currencyText?.trim() || 'USD').toUpperCase()
  if (!CODE.test(currency))
    throw new PricingConfigError(`AIRE_REPORT_CURRENCY: "${currencyText}" is not a currency code like USD.`)
  return { currency, rates: parseFxRates(ratesText, currency) }
}

/** The basis configured for this process (AIRE_REPORT_CURRENCY, AIRE_FX_RATES). */
export function reportBasis(env: NodeJS.ProcessEnv = process.env): PricingBasis {
  return parseBasis(env.AIRE_REPORT_CURRENCY, env.AIRE_FX_RATES)
}

/** Units of the report currency per unit of `currency`, or null when there is no rate. */
export function rateOf(basis: PricingBasis, currency: string): number | null {
  if (currency === basis.currency) return 1
  return basis.rates.get(currency) ?? null
}

/** Currencies a price may be entered in: the report's, then those with a rate. */
export function acceptedCurrencies(basis: PricingBasis): string[] {
  return [basis.currency, ...[...basis.rates.keys()].sort()]
}

/** A stable text of the basis: the daily costs record it, and re-cost when it changes. */
export function basisKey(basis: PricingBasis): string {
  const rates = [...basis.rates.entries()].sort(([a], [b]) => a.localeCompare(b))
  return [basis.currency, ...rates.map(([c, r]) => `${c}=${r}`)].join(';')
}

/** "EUR at 1.08, GBP at 1.27" for the page's footnote; "" without rates. */
export function describeRates(basis: PricingBasis): string {
  return [...basis.rates.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, r]) => `${c} at ${r}`)
    .join(', ')
}

export function noRateMessage(currency: string, basis: PricingBasis): string {
  return `There is no exchange rate from ${currency} to ${basis.currency}: set AIRE_FX_RATES (e.g. ${currency}=1.08) or enter the price in ${basis.currency}.`
}
