import yaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { prometheusRule, prometheusRuleYaml, ruleObjectName } from './rules'
import { errorRatioQuery, sliQueries } from './sli'
import type { SloDefinition } from './types'

const slo: SloDefinition = {
  id: 'cm3slo0000quality8b',
  name: 'Llama 8B answer quality',
  team: 'assistant',
  description: null,
  sliKind: 'quality',
  target: {
    kind: 'model',
    model: 'llama-3-1-8b',
    servedModel: 'meta-llama/Llama-3.1-8B-Instruct',
    version: null,
    namespace: null,
    route: null,
    cluster: null,
  },
  objective: 0.995,
  windowDays: 30,
  latencyThreshold: null,
  customGood: null,
  customTotal: null,
  updatedAt: '2026-11-20T00:00:00Z',
}

type Rule = { record?: string; alert?: string; expr: string; labels: Record<string, string> }
type Doc = { kind: string; metadata: { name: string }; spec: { groups: { name: string; rules: Rule[] }[] } }

describe('PrometheusRule export', () => {
  const doc = yaml.load(prometheusRuleYaml(slo)) as Doc
  const rules = doc.spec.groups.flatMap((g) => g.rules)

  it('is a PrometheusRule named after the SLO', () => {
    expect(doc.kind).toBe('PrometheusRule')
    expect(doc.metadata.name).toBe('aire-slo-llama-8b-answer-quality-uality8b')
    expect(ruleObjectName({ id: 'X', name: '!!!' })).toBe('aire-slo-slo-x')
  })

  it('records the same error ratio the page evaluates, for every burn window and the SLO window', () => {
    const q = sliQueries(slo)
    const byName = new Map(rules.filter((r) => r.record).map((r) => [r.record!, r]))
    expect([...byName.keys()].filter((n) => n.startsWith('aire_slo:sli_error'))).toEqual([
      'aire_slo:sli_error:ratio_rate5m',
      'aire_slo:sli_error:ratio_rate30m',
      'aire_slo:sli_error:ratio_rate1h',
      'aire_slo:sli_error:ratio_rate2h',
      'aire_slo:sli_error:ratio_rate6h',
      'aire_slo:sli_error:ratio_rate1d',
      'aire_slo:sli_error:ratio_rate3d',
      'aire_slo:sli_error:ratio_rate30d',
    ])
    expect(byName.get('aire_slo:sli_error:ratio_rate1h')!.expr).toBe(errorRatioQuery(q, 3600))
    expect(byName.get('aire_slo:sli_error:ratio_rate30d')!.expr).toBe(errorRatioQuery(q, 30 * 86_400))
    expect(byName.get('aire_slo:sli_error:ratio_rate5m')!.labels).toEqual({
      aire_slo_id: slo.id,
      aire_slo: slo.name,
      team: 'assistant',
    })
    expect(byName.get('aire_slo:error_budget_remaining:ratio')!.expr).toBe(
      `1 - aire_slo:sli_error:ratio_rate30d{aire_slo_id="${slo.id}"} / 0.005`,
    )
  })

  it('alerts with the multiwindow multi-burn-rate conditions and the window’s factors', () => {
    const alerts = rules.filter((r) => r.alert)
    const sel = `{aire_slo_id="${slo.id}"}`
    expect(alerts.map((a) => a.labels.severity)).toEqual(['page', 'ticket'])
    expect(alerts[0]!.expr).toBe(
      `(aire_slo:sli_error:ratio_rate1h${sel} > (14.4 * 0.005) and aire_slo:sli_error:ratio_rate5m${sel} > (14.4 * 0.005)) or ` +
        `(aire_slo:sli_error:ratio_rate6h${sel} > (6 * 0.005) and aire_slo:sli_error:ratio_rate30m${sel} > (6 * 0.005))`,
    )
    expect(alerts[1]!.expr).toBe(
      `(aire_slo:sli_error:ratio_rate1d${sel} > (3 * 0.005) and aire_slo:sli_error:ratio_rate2h${sel} > (3 * 0.005)) or ` +
        `(aire_slo:sli_error:ratio_rate3d${sel} > (1 * 0.005) and aire_slo:sli_error:ratio_rate6h${sel} > (1 * 0.005))`,
    )
  })

  it('uses the 28-day factors and window for a 28-day SLO', () => {
    const doc28 = prometheusRule({ ...slo, windowDays: 28, objective: 0.999 }) as unknown as Doc
    const r = doc28.spec.groups.flatMap((g) => g.rules)
    expect(r.some((x) => x.record === 'aire_slo:sli_error:ratio_rate28d')).toBe(true)
    const page = r.find((x) => x.alert && x.labels.severity === 'page')!
    expect(page.expr).toContain('> (13.44 * 0.001)')
    expect(page.expr).toContain('> (5.6 * 0.001)')
    const ticket = r.find((x) => x.alert && x.labels.severity === 'ticket')!
    expect(ticket.expr).toContain('> (0.93 * 0.001)')
  })

  it('keeps PromQL quoting intact through YAML', () => {
    const latency = prometheusRuleYaml({ ...slo, sliKind: 'latency', latencyThreshold: 1 })
    const parsed = yaml.load(latency) as Doc
    const r5m = parsed.spec.groups[0]!.rules[0]!
    expect(r5m.expr).toContain('le=~"1|1\\\\.0"')
    expect(latency.startsWith('# PrometheusRule for SLO "Llama 8B answer quality"')).toBe(true)
  })
})
