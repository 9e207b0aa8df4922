import yaml from 'js-yaml'
import { LABEL } from '@/lib/k8s/labels'
import { errorBudget } from './burn-rate'
import { errorRatioQuery, sliQueries } from './sli'
import type { SloDefinition } from './types'
import { alertConditions, BURN_WINDOWS, BURN_WINDOW_NAMES, windowSeconds, type BurnWindow } from './windows'

/**
 * An SLO as a PrometheusRule (prometheus-operator monitoring.coreos.com/v1): one recording rule per
 * burn window and for the SLO window, using the same error-ratio PromQL the console evaluates, and
 * the multiwindow multi-burn-rate alerts with the same factors. Pure.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusRule
 * @see https://sre.google/workbook/alerting-on-slos/
 */

export const RECORD_PREFIX = 'aire_slo:sli_error:ratio_rate'

export function recordName(window: BurnWindow | `${number}d`): string {
  return `${RECORD_PREFIX}${window}`
}

/** Kubernetes object names: lowercase DNS subdomain. */
export function ruleObjectName(slo: Pick<SloDefinition, 'id' | 'name'>): string {
  const slug = slo.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return `aire-slo-${slug || 'slo'}-${slo.id
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(-8)}`
}

const round = (x: number) => Number(x.toPrecision(12))

export interface RuleGroup {
  name: string
  interval?: string
  rules: Record<string, unknown>[]
}

export function prometheusRule(slo: SloDefinition): Record<string, unknown> {
  const q = sliQueries(slo)
  const budget = round(errorBudget(slo.objective))
  const labels = { aire_slo_id: slo.id, aire_slo: slo.name, team: slo.team }
  const sel = `{aire_slo_id="${slo.id}"}`
  const period = `${slo.windowDays}d` as const
  const recordings = [
    ...BURN_WINDOW_NAMES.map((w) => ({
      record: recordName(w),
      expr: errorRatioQuery(q, BURN_WINDOWS[w]),
      labels,
    })),
    { record: recordName(period), expr: errorRatioQuery(q, windowSeconds(slo.windowDays)), labels },
  ]
  const meta = [
    { record: 'aire_slo:objective:ratio', expr: `vector(${round(slo.objective)})`, labels },
    { record: 'aire_slo:error_budget:ratio', expr: `vector(${budget})`, labels },
    {
      record: 'aire_slo:error_budget_remaining:ratio',
      expr: `1 - ${recordName(period)}${sel} / ${budget}`,
      labels,
    },
  ]
  const conditions = alertConditions(slo.windowDays)
  const alerts = (['page', 'ticket'] as const).map((severity) => {
    const expr = conditions
      .filter((c) => c.severity === severity)
      .map(
        (c) =>
          `(${recordName(c.long)}${sel} > (${c.factor} * ${budget}) and ${recordName(c.short)}${sel} > (${c.factor} * ${budget}))`,
      )
      .join(' or ')
    return {
      alert: 'AireSloErrorBudgetBurn',
      expr,
      labels: { ...labels, severity },
      annotations: {
        summary: `${slo.name}: error budget burning (${severity})`,
        description: `SLO ${slo.name} (${(slo.objective * 100).toPrecision(6).replace(/\.?0+$/, '')}% over ${slo.windowDays} days) burns its error budget too fast for ${severity === 'page' ? 'a page' : 'a ticket'}.`,
      },
    }
  })
  const name = ruleObjectName(slo)
  const groups: RuleGroup[] = [
    { name: `${name}-sli`, interval: '30s', rules: recordings },
    { name: `${name}-meta`, interval: '5m', rules: meta },
    { name: `${name}-alerts`, interval: '30s', rules: alerts },
  ]
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/managed-by': 'aire-console', [LABEL.team]: slo.team },
    },
    spec: { groups },
  }
}

export function prometheusRuleYaml(slo: SloDefinition): string {
  const header = `# PrometheusRule for SLO "${slo.name.replace(/[\r\n]/g, ' ')}", exported by AIRe Console.\n`
  return header + yaml.dump(prometheusRule(slo), { lineWidth: -1, noRefs: true, sortKeys: false })
}
