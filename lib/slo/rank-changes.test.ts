import { describe, expect, it } from 'vitest'
import { matchLevel, rankChanges, type ChangeRecord, type TargetScope } from './rank-changes'
import { burnOnset } from './onset'
import { annotationsOf } from './annotations'

const onset = new Date('2026-11-20T12:00:00Z')
const at = (minutesBefore: number) => new Date(onset.getTime() - minutesBefore * 60_000).toISOString()
const change = (c: Partial<ChangeRecord>): ChangeRecord => ({
  id: Math.random().toString(36).slice(2),
  source: 'audit',
  kind: 'other',
  at: at(10),
  actor: 'someone',
  summary: '',
  cluster: 'gpu-east',
  namespace: 'team-assistant',
  objectKind: null,
  name: null,
  team: 'assistant',
  model: null,
  version: null,
  ...c,
})
const scope: TargetScope = {
  team: 'assistant',
  model: 'llama-3-1-8b',
  version: null,
  routes: ['team-assistant/llama-3-1-8b'],
  cluster: null,
}

describe('change ranking', () => {
  it('puts the canary weight change on the target’s route first', () => {
    const ranked = rankChanges(
      [
        change({ id: 'quota', kind: 'quota', at: at(5), objectKind: 'ResourceQuota', name: 'gpu-quota' }),
        change({
          id: 'weights',
          kind: 'weights',
          at: at(12),
          objectKind: 'HTTPRoute',
          name: 'llama-3-1-8b',
          model: 'llama-3-1-8b',
        }),
        change({
          id: 'other-route',
          kind: 'weights',
          at: at(3),
          objectKind: 'HTTPRoute',
          name: 'llama-3-1-70b',
          model: 'llama-3-1-70b',
        }),
        change({ id: 'other-team', kind: 'rollout', at: at(2), team: 'search', namespace: 'team-search' }),
      ],
      scope,
      onset,
    )
    expect(ranked.map((r) => r.id)).toEqual(['weights', 'other-route', 'quota', 'other-team'])
    expect(ranked[0]!.match).toBe('route')
    expect(ranked[0]!.reasons).toEqual(['route serving the target', '12m before onset', 'weights change'])
  })

  it('ranks a weight change on the target’s route above an older rollout of the target', () => {
    const ranked = rankChanges(
      [
        change({ id: 'seed-rollout', kind: 'rollout', at: at(1.1), model: 'llama-3-1-8b', version: 'v2' }),
        change({
          id: 'canary-weights',
          kind: 'weights',
          at: at(0.8),
          objectKind: 'HTTPRoute',
          name: 'llama-3-1-8b',
          model: 'llama-3-1-8b',
        }),
      ],
      scope,
      onset,
    )
    expect(ranked.map((r) => r.id)).toEqual(['canary-weights', 'seed-rollout'])
  })

  it('prefers the more recent of two equal changes, and decays with a one-hour half-life', () => {
    const ranked = rankChanges(
      [
        change({ id: 'old', kind: 'rollout', at: at(120), model: 'llama-3-1-8b', version: 'v2' }),
        change({ id: 'new', kind: 'rollout', at: at(60), model: 'llama-3-1-8b', version: 'v2' }),
      ],
      scope,
      onset,
    )
    expect(ranked.map((r) => r.id)).toEqual(['new', 'old'])
    expect(ranked[0]!.score).toBeCloseTo(0.5, 3)
    expect(ranked[1]!.score).toBeCloseTo(0.25, 3)
  })

  it('drops changes long after the onset or beyond the lookback; keeps a short grace after', () => {
    const ranked = rankChanges(
      [
        change({ id: 'after', kind: 'weights', at: at(-30), model: 'llama-3-1-8b' }),
        change({ id: 'grace', kind: 'weights', at: at(-2), model: 'llama-3-1-8b' }),
        change({ id: 'ancient', kind: 'weights', at: at(60 * 25), model: 'llama-3-1-8b' }),
      ],
      scope,
      onset,
    )
    expect(ranked.map((r) => r.id)).toEqual(['grace'])
    expect(ranked[0]!.reasons[1]).toBe('2m after onset')
  })

  it('kind matters: a rollout of the same model beats a quota change at the same time', () => {
    const ranked = rankChanges(
      [
        change({ id: 'quota', kind: 'quota', at: at(10), model: 'llama-3-1-8b' }),
        change({ id: 'rollout', kind: 'rollout', at: at(10), model: 'llama-3-1-8b', version: 'v2' }),
      ],
      scope,
      onset,
    )
    expect(ranked[0]!.id).toBe('rollout')
  })

  it('match levels: version target, other version, other cluster', () => {
    const v2 = { ...scope, version: 'v2' }
    expect(matchLevel(change({ model: 'llama-3-1-8b', version: 'v2' }), v2)).toBe('target')
    expect(matchLevel(change({ model: 'llama-3-1-8b', version: 'v1' }), v2)).toBe('model')
    expect(matchLevel(change({ model: 'llama-3-1-8b', version: 'v1' }), scope)).toBe('target')
    expect(
      matchLevel(change({ model: 'llama-3-1-8b', cluster: 'gpu-west' }), { ...scope, cluster: 'gpu-east' }),
    ).toBe('other')
    expect(matchLevel(change({ team: 'search' }), scope)).toBe('other')
    expect(matchLevel(change({}), scope)).toBe('team')
  })
})

describe('burn onset', () => {
  const t0 = 1_800_000_000
  const series = (burns: number[]) => burns.map((b, i) => [t0 + i * 60, b] as const)
  it('is the start of the latest run above the threshold', () => {
    expect(burnOnset(series([0, 20, 20, 0, 0, 0, 0, 15, 16, 17]), 1)?.getTime()).toBe((t0 + 7 * 60) * 1000)
  })
  it('bridges short gaps (a missed scrape does not split the incident)', () => {
    expect(burnOnset(series([0, 20, Number.NaN, 0.5, 20, 20]), 1)?.getTime()).toBe((t0 + 60) * 1000)
  })
  it('follows the run back to where the burn first rose above the floor', () => {
    expect(burnOnset(series([0.5, 0.5, 3, 8, 15, 20, 20]), 14.4, 2, 1)?.getTime()).toBe((t0 + 2 * 60) * 1000)
  })
  it('still finds the last burn after recovery, and null when never above', () => {
    expect(burnOnset(series([0, 5, 5, 0, 0, 0, 0]), 1)?.getTime()).toBe((t0 + 60) * 1000)
    expect(burnOnset(series([0, 0.5, 0.9]), 1)).toBeNull()
  })
})

describe('chart annotations', () => {
  it('keep changes on the model and its routes, and team-wide capacity changes; not other team objects', () => {
    const a = annotationsOf(
      [
        change({
          id: 'w',
          kind: 'weights',
          objectKind: 'HTTPRoute',
          name: 'llama-3-1-8b',
          model: 'llama-3-1-8b',
        }),
        change({ id: 'q', kind: 'quota', objectKind: 'ResourceQuota', name: 'gpu-quota' }),
        change({ id: 'bench', kind: 'rollout', objectKind: 'Deployment', name: 'bench-router-060' }),
        change({
          id: 'other',
          kind: 'weights',
          team: 'search',
          namespace: 'team-search',
          model: 'qwen2-5-7b',
        }),
      ],
      scope,
    )
    expect(a.map((x) => x.kind)).toEqual(['weights', 'quota'])
    expect(a[0]!.t).toBe(Math.floor(Date.parse(at(10)) / 1000))
  })
})
