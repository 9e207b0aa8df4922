import { fleetGet } from '@/lib/fleet/http'
import { fleetVersion } from '@/lib/fleet/version-stream'

export const dynamic = 'force-dynamic'

/** The fleet's versions once: the fallback when a browser cannot keep an event stream open. */
export async function GET() {
  return fleetGet(async () => fleetVersion())
}
