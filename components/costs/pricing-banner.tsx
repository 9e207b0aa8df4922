import type { PricingStatus } from '@/lib/cost/reports'

/**
 * The currency every amount is in, the rates that brought other currencies into it, and the
 * prices the report refused to add because their currency has no rate.
 */
export function PricingBanner({ pricing }: { pricing: PricingStatus }) {
  const refused = [...new Set(pricing.refused.map((r) => r.currency))].sort()
  return (
    <>
      <p className="muted" data-testid="pricing-basis">
        Amounts in {pricing.currency}
        {pricing.rates ? `; prices in other currencies converted at ${pricing.rates} (AIRE_FX_RATES)` : ''}.
      </p>
      {pricing.recosting ? (
        <p className="panel" role="status" data-testid="pricing-recosting">
          <span className="badge warn">re-costing</span> The currency or a rate changed: the roll-up is
          re-costing the ledger in {pricing.currency}; amounts may still be in the old basis for a minute.
        </p>
      ) : null}
      {refused.length > 0 ? (
        <p className="panel" role="alert" data-testid="pricing-refused">
          <span className="badge bad">prices not counted</span> {pricing.refused.length}{' '}
          {pricing.refused.length === 1 ? 'price is' : 'prices are'} in {refused.join(', ')}, with no exchange
          rate to {pricing.currency}: the usage they price shows as unpriced and is not added to{' '}
          {pricing.currency} amounts. Set AIRE_FX_RATES (e.g. {refused[0]}=1.08) or enter the prices in{' '}
          {pricing.currency}. Not counted:{' '}
          {pricing.refused
            .slice(0, 5)
            .map((r) => `${r.key} from ${r.effectiveFrom.slice(0, 16).replace('T', ' ')} UTC`)
            .join('; ')}
          {pricing.refused.length > 5 ? ` and ${pricing.refused.length - 5} more` : ''}.
        </p>
      ) : null}
    </>
  )
}
