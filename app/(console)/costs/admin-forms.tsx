'use client'
import { ActionForm } from '@/components/ui/action-form'
import { setGpuPriceAction, setModelPriceAction, setTeamBudgetAction } from './actions'

const today = () => new Date().toISOString().slice(0, 10)

export function ModelPriceForm({ models }: { models: string[] }) {
  return (
    <ActionForm
      label="Set model price"
      submit="Set price"
      success="Price saved; costs from its date on were recomputed."
      fields={[
        { name: 'model', label: 'Served model', list: models, width: 300 },
        { name: 'effectiveFrom', label: 'Effective from (UTC)', type: 'date', defaultValue: today() },
        { name: 'inputPerM', label: 'Input / 1M', type: 'number', width: 100 },
        { name: 'cachedPerM', label: 'Cached input / 1M', type: 'number', width: 100 },
        { name: 'outputPerM', label: 'Output / 1M', type: 'number', width: 100 },
      ]}
      action={setModelPriceAction}
    />
  )
}

export function GpuPriceForm({ products }: { products: string[] }) {
  return (
    <ActionForm
      label="Set GPU price"
      submit="Set price"
      success="Price saved; costs from its date on were recomputed."
      fields={[
        { name: 'product', label: 'GPU product', list: products, width: 240 },
        { name: 'effectiveFrom', label: 'Effective from (UTC)', type: 'date', defaultValue: today() },
        { name: 'perHour', label: 'Per GPU-hour', type: 'number', width: 100 },
      ]}
      action={setGpuPriceAction}
    />
  )
}

export function BudgetForm({ teams }: { teams: string[] }) {
  return (
    <ActionForm
      label="Set budget"
      submit="Set budget"
      success="Budget saved."
      fields={[
        { name: 'team', label: 'Team', list: teams, width: 160 },
        { name: 'monthly', label: 'Monthly budget', type: 'number', width: 160 },
        { name: 'warnAtPercent', label: 'Warn at %', type: 'number', defaultValue: '80', width: 80 },
      ]}
      action={setTeamBudgetAction}
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
      fields={[{ name: 'team', label: 'Team', list: teams, width: 160 }]}
      hidden={{ remove: true }}
      action={setTeamBudgetAction}
    />
  )
}
