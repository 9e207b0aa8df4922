import 'server-only'
import type { ActionSpec } from '@/lib/actions/run-action'
import { canAdmin } from '@/lib/auth/permissions'
import { fromMicros } from '@/lib/cost/money'
import { setTeamBudget } from '@/lib/cost/prices-repo'
import { teamBudgetSchema } from '@/lib/validations/cost'

// Set or remove (explicitly, `remove: true`) a team's monthly budget; admins only.
export const setTeamBudgetAction: ActionSpec<
  typeof teamBudgetSchema,
  { team: string; monthly: number | null }
> = {
  action: 'cost.budget',
  schema: teamBudgetSchema,
  target: (i) => ({ team: i.team, kind: 'TeamBudget', name: i.team }),
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const r = await setTeamBudget(i, user.username)
    const monthly = r.after ? fromMicros(r.after.monthlyMicros) : null
    return { data: { team: i.team, monthly }, before: r.before, after: r.after }
  },
  revalidate: ['/costs', '/teams', '/'],
}
