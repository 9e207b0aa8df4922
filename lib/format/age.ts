/** "4s", "3m", "2h 5m", "3d": short enough for a chip, exact enough for triage. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown'
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`
  return `${Math.floor(h / 24)}d`
}

/** Age of a timestamp relative to now, formatted; for server components that render once. */
export function ageOf(at: Date | string | number): string {
  return formatAge(Date.now() - new Date(at).getTime())
}
