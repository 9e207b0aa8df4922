// Runs once when a server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { onStart } = await import('./lib/lifecycle/on-start')
  await onStart()
  // "Verify it held": finishes the pending checks of applied changes, also those a previous
  // process (or another replica) left when it stopped (lib/actions/hold/checker.ts).
  const { ensureHoldChecker } = await import('./lib/actions/hold/checker')
  ensureHoldChecker()
  // The golden-set prober, with AIRE_GOLDEN_PROBER=on: one replica probes at a time, by a lease
  // in the database (lib/quality/golden-prober.ts, docs/GOLDEN-SETS.md).
  const { ensureGoldenProber } = await import('./lib/quality/golden-prober')
  ensureGoldenProber()
}
