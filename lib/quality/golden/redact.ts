import { GOLDEN_LIMITS } from './limits'

/**
 * The failing answer as kept for triage ("last 5 failing answers"): cut to
 * GOLDEN_LIMITS.sampleChars, with what could identify a person or unlock something replaced.
 * Golden prompts are synthetic, but a model may still echo a secret or a person's details from
 * its training data or a broken template.
 */
const RULES: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]+-----[\s\S]*?(?:-----END [A-Z ]+-----|$)/g, '[key]'],
  [/\b(?:bearer|token|api[_-]?key|secret|password)\b\s*[:=]\s*\S+/gi, '[secret]'],
  [/\b(?:sk|pk|rk|ghp|gho|xox[bp]|AKIA)[-_A-Za-z0-9]{12,}\b/g, '[secret]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, '[token]'],
  [/[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g, '[email]'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, '[ip]'],
  [/\b[A-Fa-f0-9]{32,}\b/g, '[hex]'],
  [/[A-Za-z0-9+/]{40,}={0,2}/g, '[base64]'],
  // Card, account and phone numbers: 9 or more digits in a row, spaces or dashes between.
  [/(?:\+?\d[ -]?){9,}\d/g, '[number]'],
]

export function redactAnswer(answer: string): string {
  // Redact before cutting, so a secret cut in half at the end is still caught whole.
  let s = answer.slice(0, GOLDEN_LIMITS.answerChars)
  for (const [re, mark] of RULES) s = s.replace(re, mark)
  s = s.replace(/\s+/g, ' ').trim()
  return s.length > GOLDEN_LIMITS.sampleChars ? `${s.slice(0, GOLDEN_LIMITS.sampleChars - 1)}…` : s
}
