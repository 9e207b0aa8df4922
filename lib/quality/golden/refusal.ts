/**
 * Whether an answer reads as a refusal. Phrases of the common chat models' refusals (Llama,
 * Qwen, Mistral, GPT-style), English only; a refusal anywhere in the first sentences counts.
 * Our own fixed patterns (no user input), all without nested quantifiers.
 */
const REFUSALS: RegExp[] = [
  /\bi\s*(?:am|'m)\s+(?:not able|unable|not allowed|not permitted)\s+to\b/i,
  /\bi\s+(?:can ?not|can't|won't|will not|must not|should not|do not|don't)\s+(?:help|assist|provide|share|do|comply|support|give|create|write|answer)\b/i,
  /\b(?:i\s+must|i\s+have\s+to|i\s+need\s+to)\s+(?:decline|refuse)\b/i,
  /\b(?:sorry|apologi[sz]e)\b[^.!?]{0,80}\b(?:can't|cannot|can not|won't|unable|not able)\b/i,
  /\bthat(?:'s| is) (?:not something i can|something i can't)\b/i,
  /\bagainst (?:my|our) (?:guidelines|policies|policy)\b/i,
]

export function isRefusal(answer: string): boolean {
  const head = answer.slice(0, 600).replace(/[\u2018\u2019\u02bc]/g, "'")
  return REFUSALS.some((r) => r.test(head))
}
