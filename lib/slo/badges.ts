import 'server-only'
import { sloStates, type SloStates } from './summary'

/**
 * SLO states for a page's badges, or null when the evaluation is not ready within `ms`: the page
 * renders at once and the badges arrive later (Models polls /api/fleet/slos) instead of a cold
 * SLO evaluation holding up the fleet view.
 */
export async function sloStatesWithin(ms: number): Promise<SloStates | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms)
  })
  try {
    return await Promise.race([sloStates(), late])
  } finally {
    clearTimeout(timer)
  }
}
