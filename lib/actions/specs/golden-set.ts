import 'server-only'
import type { ActionSpec, ActionTarget } from '@/lib/actions/run-action'
import { canAdmin } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import {
  auditSummary,
  createGoldenSet,
  deleteGoldenSet,
  requireGoldenSet,
  updateGoldenSet,
  type GoldenSetView,
} from '@/lib/quality/store/golden-sets'
import {
  goldenSetIdSchema,
  goldenSetInputSchema,
  goldenSetUpdateSchema,
  type GoldenSetInput,
} from '@/lib/validations/golden-set'

const REVALIDATE = ['/slos/golden']

const setTarget = (team: string, name: string): ActionTarget => ({ team, kind: 'GoldenSet', name })

async function knownTeam(i: GoldenSetInput): Promise<void> {
  if (!(await db().team.findUnique({ where: { name: i.team } }))) {
    throw new AppError('invalid_input', `There is no team "${i.team}".`, {
      fieldErrors: { team: ['unknown team'] },
    })
  }
}

// Create a golden set (admins only): the prober starts asking its prompts at its next round.
export const createGoldenSetAction: ActionSpec<typeof goldenSetInputSchema, GoldenSetView> = {
  action: 'golden.create',
  schema: goldenSetInputSchema,
  target: (i) => setTarget(i.team, i.name),
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    await knownTeam(i)
    const set = await createGoldenSet(i, user.username)
    return { data: set, after: auditSummary(set) }
  },
  revalidate: REVALIDATE,
}

// Replace a golden set's prompts and settings (admins only); its old results are cleared.
export const updateGoldenSetAction: ActionSpec<typeof goldenSetUpdateSchema, GoldenSetView> = {
  action: 'golden.update',
  schema: goldenSetUpdateSchema,
  target: async (i) => {
    const before = await requireGoldenSet(i.id)
    return setTarget(before.team, before.name)
  },
  authorize: (user) => canAdmin(user),
  execute: async (_user, i) => {
    const before = await requireGoldenSet(i.id)
    await knownTeam(i.set)
    const after = await updateGoldenSet(i.id, i.set)
    return { data: after, before: auditSummary(before), after: auditSummary(after) }
  },
  revalidate: REVALIDATE,
}

// Delete a golden set with its results and failing answers (admins only).
export const deleteGoldenSetAction: ActionSpec<typeof goldenSetIdSchema, { id: string }> = {
  action: 'golden.delete',
  schema: goldenSetIdSchema,
  target: async (i) => {
    const before = await requireGoldenSet(i.id)
    return setTarget(before.team, before.name)
  },
  authorize: (user) => canAdmin(user),
  execute: async (_user, i) => {
    const before = await requireGoldenSet(i.id)
    await deleteGoldenSet(i.id)
    return { data: { id: i.id }, before: auditSummary(before) }
  },
  revalidate: REVALIDATE,
}
