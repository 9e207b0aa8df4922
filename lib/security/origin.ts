/**
 * Writes must come from this console's own pages. A missing Origin, the literal "null" (sandboxed
 * frames, some redirects: a 2026 advisory showed it slipping past server-action CSRF checks) or
 * another host is refused.
 */
export function originAllowed(
  origin: string | null,
  host: string | null,
  extraOrigins: readonly string[] = [],
): boolean {
  if (!origin || origin === 'null' || !host) return false
  let parsed: URL
  try {
    parsed = new URL(origin)
  } catch {
    return false
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
  if (parsed.host === host) return true
  return extraOrigins.includes(parsed.origin)
}
