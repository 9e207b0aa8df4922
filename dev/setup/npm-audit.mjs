// `npm audit --omit=dev --audit-level=high` as a CI gate: fails on a high or critical advisory in
// a production dependency. When the registry has no advisory endpoint (some mirrors answer the bulk
// POST with 405), no check could run: that is said loudly, never reported as "no vulnerabilities";
// AIRE_REQUIRE_NPM_AUDIT=1 makes it a failure instead.
import { spawnSync } from 'node:child_process'

const r = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' })
let report
try {
  report = JSON.parse(r.stdout)
} catch {
  console.error(`npm audit: no report (exit ${r.status}): ${r.stderr.trim().split('\n').at(-1) ?? ''}`)
  process.exit(1)
}
if (report.metadata?.vulnerabilities) {
  const v = report.metadata.vulnerabilities
  const bad = (v.high ?? 0) + (v.critical ?? 0)
  console.log(
    `npm audit (production dependencies): ${v.critical ?? 0} critical, ${v.high ?? 0} high, ${v.moderate ?? 0} moderate, ${v.low ?? 0} low`,
  )
  if (bad > 0) {
    for (const [name, a] of Object.entries(report.vulnerabilities ?? {}))
      if (a.severity === 'high' || a.severity === 'critical')
        console.log(`  ${a.severity}: ${name} ${a.range}`)
    process.exit(1)
  }
  process.exit(0)
}
const reason = report.message ?? report.error?.summary ?? 'unknown error'
console.log(`npm audit: NOT RUN — the registry's advisory endpoint failed: ${reason}`)
process.exit(process.env.AIRE_REQUIRE_NPM_AUDIT === '1' ? 1 : 0)
