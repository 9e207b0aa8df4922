import { STATE_CLASS, STATE_TEXT } from '@/lib/slo/format'
import type { SloState } from '@/lib/slo/burn-rate'

export function SloStateBadge({ state, title }: { state: SloState; title?: string }) {
  return (
    <span className={`badge ${STATE_CLASS[state] ?? ''}`} data-slo-state={state} title={title}>
      {STATE_TEXT[state] ?? state}
    </span>
  )
}
