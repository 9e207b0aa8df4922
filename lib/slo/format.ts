import { GOOD_EVALUATION_LABELS } from '@/lib/metrics/contract'
import type { SloDefinition } from './types'

/** Display formatting for SLO numbers. Pure (client and server). */

export function pct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—'
  return `${(ratio * 100).toFixed(digits)}%`
}

/** Objective as people write it: 0.995 → "99.5%", 0.9995 → "99.95%". */
export function objectiveText(objective: number): string {
  return `${Number((objective * 100).toFixed(3))}%`
}

export function burnText(b: number | null | undefined): string {
  if (b === null || b === undefined || !Number.isFinite(b)) return '—'
  if (b >= 100) return `${Math.round(b)}×`
  if (b >= 10) return `${b.toFixed(1)}×`
  return `${b.toFixed(2)}×`
}

export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 90) return `${s}s`
  if (s < 5400) return `${Math.round(s / 60)}m`
  if (s < 172_800) return `${Math.round((s / 3600) * 10) / 10}h`
  return `${Math.round((s / 86_400) * 10) / 10}d`
}

/** "in 3.2h", "spent", or "not draining". */
export function forecastText(exhaustion: string | null, remaining: number | null, now: number): string {
  if (remaining !== null && remaining <= 0) return 'budget spent'
  if (!exhaustion) return 'not draining'
  return `runs out in ${durationText((Date.parse(exhaustion) - now) / 1000)}`
}

export const STATE_CLASS: Record<string, string> = { page: 'bad', ticket: 'warn', ok: 'ok', no_data: '' }
export const STATE_TEXT: Record<string, string> = {
  page: 'page',
  ticket: 'ticket',
  ok: 'ok',
  no_data: 'no data',
}

/** A time in UTC, the same on server and client: "2026-11-20 14:05 UTC". */
export function utcText(t: number | string | Date, withDate = true): string {
  const d = new Date(typeof t === 'number' ? t * 1000 : t)
  if (Number.isNaN(d.getTime())) return '—'
  const iso = d.toISOString()
  return withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : `${iso.slice(11, 16)}`
}

/** What a quality SLI over evaluation results counts: "faithfulness ≥ 0.8", "faithfulness: pass or correct". */
export function evaluationText(
  s: Pick<SloDefinition, 'sliKind' | 'qualitySource' | 'evaluationName' | 'scoreThreshold'>,
): string | null {
  if (s.sliKind !== 'quality' || !s.evaluationName) return null
  if (s.qualitySource === 'evaluation_score') return `${s.evaluationName} ≥ ${s.scoreThreshold ?? '?'}`
  if (s.qualitySource === 'evaluation_label')
    return `${s.evaluationName}: ${GOOD_EVALUATION_LABELS.join(' or ')}`
  return null
}
