import 'server-only'
import { db } from '@/lib/db/client'
import { knownModels } from '@/lib/slo/resolve-target'
import type { GoldenFormChoices } from './golden-form'

/** Teams from the database, models from the watch cache (a cluster that is down offers none). */
export async function goldenFormChoices(): Promise<GoldenFormChoices> {
  const [teams, models] = await Promise.all([
    db().team.findMany({ orderBy: { name: 'asc' }, select: { name: true } }),
    knownModels().catch(() => []),
  ])
  return {
    teams: teams.map((t) => t.name),
    models: models.map((m) => ({ model: m.model, served: m.served, team: m.team })),
  }
}
