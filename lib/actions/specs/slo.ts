import 'server-only'
import type { ActionSpec, ActionTarget } from '@/lib/actions/run-action'
import { canAdmin, canOperate } from '@/lib/auth/permissions'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { routeModelOf, servedModelOf } from '@/lib/slo/resolve-target'
import {
  incidentNoteSchema,
  sloIdSchema,
  sloInputSchema,
  sloUpdateSchema,
  type SloInput,
} from '@/lib/validations/slo'
import { toColumns, toDefinition } from '@/lib/slo/store'
import type { SloDefinition } from '@/lib/slo/types'
import { validateCustomQueries } from '@/lib/slo/validate-promql'

const REVALIDATE = ['/slos', '/triage', '/']

async function prepare(i: SloInput) {
  if (!(await db().team.findUnique({ where: { name: i.team } }))) {
    throw new AppError('invalid_input', `There is no team "${i.team}".`, {
      fieldErrors: { team: ['unknown team'] },
    })
  }
  if (i.customGood && i.customTotal) await validateCustomQueries(i.customGood, i.customTotal)
  const cols = toColumns(i)
  // A route's model (for its latency SLI, scope and badges) comes from its backends.
  if (!cols.model && cols.namespace && cols.route) {
    cols.model = await routeModelOf(cols.namespace, cols.route).catch(() => null)
  }
  if (!cols.servedModel && cols.model) cols.servedModel = await servedModelOf(cols.model).catch(() => null)
  return cols
}

function nameTaken(e: unknown): boolean {
  return e instanceof Error && /unique constraint|UNIQUE constraint/i.test(e.message)
}

const taken = (name: string) =>
  new AppError('conflict', `An SLO named "${name}" already exists.`, {
    fieldErrors: { name: ['already used'] },
  })

const sloTarget = (team: string, name: string): ActionTarget => ({ team, kind: 'Slo', name })

async function loadSlo(id: string): Promise<SloDefinition> {
  const row = await db().slo.findUnique({ where: { id } })
  if (!row) throw new AppError('not_found', 'That SLO does not exist (any more).')
  return toDefinition(row)
}

// Create an SLO (admins only); custom PromQL must pass Prometheus first.
export const createSloAction: ActionSpec<typeof sloInputSchema, SloDefinition> = {
  action: 'slo.create',
  schema: sloInputSchema,
  target: (i) => sloTarget(i.team, i.name),
  authorize: (user) => canAdmin(user),
  execute: async (user, i) => {
    const cols = await prepare(i)
    try {
      const row = await db().slo.create({ data: { ...cols, createdBy: user.username } })
      const slo = toDefinition(row)
      return { data: slo, after: slo }
    } catch (e) {
      if (nameTaken(e)) throw taken(i.name)
      throw e
    }
  },
  revalidate: REVALIDATE,
}

// Edit an SLO (admins only); the audit record keeps the definition before and after.
export const updateSloAction: ActionSpec<typeof sloUpdateSchema, SloDefinition> = {
  action: 'slo.update',
  schema: sloUpdateSchema,
  target: async (i) => {
    const before = await loadSlo(i.id)
    return sloTarget(before.team, before.name)
  },
  authorize: (user) => canAdmin(user),
  execute: async (_user, i) => {
    const before = await loadSlo(i.id)
    const cols = await prepare(i.slo)
    try {
      const row = await db().slo.update({ where: { id: i.id }, data: cols })
      const slo = toDefinition(row)
      return { data: slo, before, after: slo, target: sloTarget(slo.team, slo.name) }
    } catch (e) {
      if (nameTaken(e)) throw taken(i.slo.name)
      throw e
    }
  },
  revalidate: REVALIDATE,
}

// Delete an SLO and its incident notes (admins only); the audit record keeps the definition.
export const deleteSloAction: ActionSpec<typeof sloIdSchema, { id: string }> = {
  action: 'slo.delete',
  schema: sloIdSchema,
  target: async (i) => {
    const s = await loadSlo(i.id)
    return sloTarget(s.team, s.name)
  },
  authorize: (user) => canAdmin(user),
  execute: async (_user, i) => {
    const before = await loadSlo(i.id)
    await db().slo.delete({ where: { id: i.id } })
    return { data: { id: i.id }, before }
  },
  revalidate: REVALIDATE,
}

// A short incident note on a burn: stored with the SLO and, through runAction, in the audit trail.
export const saveIncidentNoteAction: ActionSpec<
  typeof incidentNoteSchema,
  { id: string; createdAt: string }
> = {
  action: 'slo.incident-note',
  schema: incidentNoteSchema,
  target: async (i) => {
    const s = await loadSlo(i.sloId)
    return sloTarget(s.team, s.name)
  },
  authorize: (user, _i, t) => canOperate(user, t.team),
  execute: async (user, i) => {
    const note = await db().incidentNote.create({
      data: {
        sloId: i.sloId,
        author: user.username,
        body: i.body,
        onset: i.onset ? new Date(i.onset) : null,
        state: i.state ?? null,
      },
    })
    const data = { id: note.id, createdAt: note.createdAt.toISOString() }
    return {
      data,
      after: { sloId: i.sloId, note: note.id, body: i.body, onset: i.onset ?? null, state: i.state ?? null },
    }
  },
  revalidate: ['/triage'],
}
