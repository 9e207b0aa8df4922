/**
 * What one absolute time costs to write (lib/format/time.ts absoluteTime), in UTC and in a
 * viewer's zone: pages such as the audit log write hundreds per render. Prints µs per call.
 *
 *   PATH=node_modules/.bin:$PATH tsx bench/time-format.ts [--calls 20000]
 */
import { absoluteTime } from '@/lib/format/time'

const i = process.argv.indexOf('--calls')
const CALLS = i > 0 ? Number(process.argv[i + 1]) : 20_000
const start = Date.parse('2026-12-06T00:00:00Z')

for (const zone of ['UTC', 'Europe/Berlin']) {
  absoluteTime(start, zone) // the first call builds the zone's formatter; measure the rest
  const t0 = performance.now()
  let chars = 0
  for (let n = 0; n < CALLS; n++) chars += absoluteTime(start + n * 1000, zone).length
  const us = ((performance.now() - t0) * 1000) / CALLS
  console.log(
    `absoluteTime ${zone.padEnd(13)} ${us.toFixed(1)} µs per call over ${CALLS} calls (${chars} chars)`,
  )
}
