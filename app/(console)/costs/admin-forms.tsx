'use client'
import { ActionForm } from '@/components/ui/action-form'
import { setGpuPrice, setModelPrice, setTeamBudget } from './actions'

const HOUR_MS = 3_600_000

/** The next whole UTC hour, the earliest a price may take effect: its date and hour for the form. */
function nextHour(): { date: string; hour: string } {
  const t = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS)
  return { date: t.toISOString().slice(0, 10), hour: String(t.getUTCHours()) }
}

const HOURS = Array.from({ length: 24 }, (_, h) => ({
  value: String(h),
  label: `${String(h).padStart(2, '0')}:00`,
}))

function effectiveFields() {
  const at = nextHour()
  return [
    { name: 'effectiveFrom', label: 'Effective from (UTC)', type: 'date' as const, defaultValue: at.date },
    {
      name: 'effectiveHour',
      label: 'Hour (UTC)',
      type: 'select' as const,
      options: HOURS,
      defaultValue: at.hour,
    },
  ]
}

const currencyField = (currencies: string[]) => ({
  name: 'currency',
  label: 'Currency',
  type: 'select' as const,
  options: currencies.map((c) => ({ value: c, label: c })),
  defaultValue: currencies[0],
})

export function ModelPriceForm({ models, currencies }: { models: string[]; currencies: string[] }) {
  return (
    <ActionForm
      label="Set model price"
      submit="Set price"
      success="Price saved; hours from its instant on were re-costed."
      fields={[
        { name: 'model', label: 'Served model', list: models, size: 'xxl' },
        ...effectiveFields(),
        currencyField(currencies),
        { name: 'inputPerM', label: 'Input / 1M', type: 'number', size: 'sm' },
        { name: 'cachedPerM', label: 'Cached input / 1M', type: 'number', size: 'sm' },
        { name: 'outputPerM', label: 'Output / 1M', type: 'number', size: 'sm' },
      ]}
      action={setModelPrice}
    />
  )
}

export function GpuPriceForm({ products, currencies }: { products: string[]; currencies: string[] }) {
  return (
    <ActionForm
      label="Set GPU price"
      submit="Set price"
      success="Price saved; hours from its instant on were re-costed."
      fields={[
        { name: 'product', label: 'GPU product', list: products, size: 'xl' },
        ...effectiveFields(),
        currencyField(currencies),
        { name: 'perHour', label: 'Per GPU-hour', type: 'number', size: 'sm' },
      ]}
      action={setGpuPrice}
    />
  )
}

export function BudgetForm({ teams, currency }: { teams: string[]; currency: string }) {
  return (
    <ActionForm
      label="Set budget"
      submit="Set budget"
      success="Budget saved."
      fields={[
        { name: 'team', label: 'Team', list: teams, size: 'lg' },
        { name: 'monthly', label: `Monthly budget, ${currency}`, type: 'number', size: 'lg' },
        { name: 'warnAtPercent', label: 'Warn at %', type: 'number', defaultValue: '80', size: 'xs' },
      ]}
      action={setTeamBudget}
    />
  )
}

// Removing a budget is its own form: a blank amount above is a field error, never a removal.
export function RemoveBudgetForm({ teams }: { teams: string[] }) {
  return (
    <ActionForm
      label="Remove budget"
      submit="Remove budget"
      success="Budget removed."
      fields={[{ name: 'team', label: 'Team', list: teams, size: 'lg' }]}
      hidden={{ remove: true }}
      action={setTeamBudget}
    />
  )
}
