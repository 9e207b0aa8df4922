import 'server-only'
import { AppError } from '@/lib/errors'
import { reportBasis } from './currency'
import { toCsv } from './csv'
import { centsText, microsText } from './money'
import type { CostQuery } from './params'
import { listGpuPrices, listModelPrices } from './prices-repo'
import { costPerMillionByModel, hourly, idleGpuCost, spendBy, spendOverTime, teamSpend } from './reports'

export const EXPORT_TABLES = [
  'spend',
  'over-time',
  'hourly',
  'budgets',
  'per-million',
  'idle-gpu',
  'model-prices',
  'gpu-prices',
] as const
export type ExportTable = (typeof EXPORT_TABLES)[number]

const day = (d: Date) => d.toISOString().slice(0, 10)
// Amounts to the cent, prices to the micro-unit, as exact decimal text (micro-units in, no floats).
const m = (x: number) => centsText(x)
const p = (x: number | null) => (x === null ? null : microsText(x))
const r6 = (x: number) => Math.round(x * 1e6) / 1e6

/** Every table of the Costs page as CSV, for the same filters the page shows. */
export async function exportTable(table: string, q: CostQuery): Promise<{ filename: string; csv: string }> {
  const span = `${day(q.from)}_${day(new Date(q.to.getTime() - 86_400e3))}`
  const name = (t: string) => `aire-costs-${t}-${span}.csv`
  // Every amount is in the report currency, said on every row so a pasted sheet keeps it.
  const currency = reportBasis().currency
  switch (table as ExportTable) {
    case 'spend': {
      const rows = await spendBy(q, q.by)
      return {
        filename: name(`by-${q.by}`),
        csv: toCsv(
          [
            q.by,
            'input_tokens',
            'output_tokens',
            'cached_input_tokens',
            'token_cost',
            'gpu_hours',
            'gpu_cost',
            'idle_gpu_cost',
            'total',
            'unpriced',
            'currency',
          ],
          rows.map((r) => [
            r.key,
            Math.round(r.inputTokens),
            Math.round(r.outputTokens),
            Math.round(r.cachedTokens),
            m(r.tokenCost),
            r6(r.gpuHours),
            m(r.gpuCost),
            m(r.idleCost),
            m(r.total),
            r.unpriced,
            currency,
          ]),
        ),
      }
    }
    case 'over-time': {
      const rows = await spendOverTime(q, q.by, q.grain)
      return {
        filename: name(`${q.grain}-by-${q.by}`),
        csv: toCsv(
          [q.grain, q.by, 'token_cost', 'gpu_cost', 'total', 'currency'],
          rows.map((r) => [
            r.start.slice(0, 10),
            r.key,
            m(r.tokenCost),
            m(r.gpuCost),
            m(r.tokenCost + r.gpuCost),
            currency,
          ]),
        ),
      }
    }
    case 'hourly': {
      const rows = await hourly(q, q.by)
      return {
        filename: name(`hourly-by-${q.by}`),
        csv: toCsv(
          ['hour', q.by, 'tokens', 'token_cost', 'gpu_hours', 'currency'],
          rows.map((r) => [r.hour, r.key, Math.round(r.tokens), m(r.tokenCost), r6(r.gpuHours), currency]),
        ),
      }
    }
    case 'budgets': {
      const rows = await teamSpend()
      return {
        filename: `aire-costs-budgets-${day(new Date())}.csv`,
        csv: toCsv(
          ['team', 'monthly_budget', 'warn_at', 'today', 'month_to_date', 'forecast', 'state', 'currency'],
          rows.map((r) => [
            r.team,
            r.budget === null ? null : m(r.budget),
            r.warnAt,
            m(r.today),
            m(r.monthToDate),
            m(r.forecast),
            r.state,
            currency,
          ]),
        ),
      }
    }
    case 'per-million': {
      const rows = await costPerMillionByModel(q)
      return {
        filename: name('per-million-tokens'),
        csv: toCsv(
          ['model', 'tokens', 'token_cost', 'gpu_cost', 'token_cost_per_1m', 'gpu_cost_per_1m', 'currency'],
          rows.map((r) => [
            r.model,
            Math.round(r.tokens),
            m(r.tokenCost),
            m(r.gpuCost),
            p(r.tokenPerM),
            p(r.gpuPerM),
            currency,
          ]),
        ),
      }
    }
    case 'idle-gpu': {
      const rows = await idleGpuCost(q)
      return {
        filename: name('idle-gpu'),
        csv: toCsv(
          ['team', 'product', 'gpu_hours', 'busy_gpu_hours', 'gpu_cost', 'idle_cost', 'currency'],
          rows.map((r) => [
            r.team,
            r.product,
            r6(r.gpuHours),
            r6(r.busyHours),
            m(r.cost),
            m(r.idleCost),
            currency,
          ]),
        ),
      }
    }
    case 'model-prices': {
      const rows = await listModelPrices()
      return {
        filename: 'aire-model-prices.csv',
        csv: toCsv(
          [
            'model',
            'effective_from',
            'input_per_1m',
            'output_per_1m',
            'cached_input_per_1m',
            'currency',
            'example',
            'created_by',
          ],
          rows.map((r) => [
            r.model,
            r.effectiveFrom.toISOString(),
            p(r.inputMicrosPerM),
            p(r.outputMicrosPerM),
            p(r.cachedMicrosPerM),
            r.currency,
            r.example,
            r.createdBy,
          ]),
        ),
      }
    }
    case 'gpu-prices': {
      const rows = await listGpuPrices()
      return {
        filename: 'aire-gpu-prices.csv',
        csv: toCsv(
          ['product', 'effective_from', 'per_hour', 'currency', 'example', 'created_by'],
          rows.map((r) => [
            r.product,
            r.effectiveFrom.toISOString(),
            p(r.microsPerHour),
            r.currency,
            r.example,
            r.createdBy,
          ]),
        ),
      }
    }
    default:
      throw new AppError('not_found', `There is no "${table}" table to export.`)
  }
}
