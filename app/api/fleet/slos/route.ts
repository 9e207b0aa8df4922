import { fleetGet } from '@/lib/fleet/http'
import { sloStates } from '@/lib/slo/summary'

export const dynamic = 'force-dynamic'

/** SLO state per model and per route for the Models page's badges (shared evaluation, 15 s). */
export async function GET() {
  return fleetGet(() => sloStates())
}
