import type { BudgetState } from '@/lib/cost/forecast'

const LABEL: Record<BudgetState, [string, string]> = {
  none: ['', 'no budget'],
  ok: ['ok', 'within budget'],
  warning: ['warn', 'warning'],
  exceeded: ['bad', 'exceeded'],
}

export function BudgetBadge({ state }: { state: BudgetState }) {
  const [cls, text] = LABEL[state]
  return (
    <span className={`badge ${cls}`} data-budget-state={state}>
      {text}
    </span>
  )
}
