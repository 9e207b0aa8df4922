import 'server-only'
import { db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import type { GoldenCheck } from '@/lib/quality/golden/checks'
import { goldenPromptSchema, type GoldenSetInput } from '@/lib/validations/golden-set'

/** Golden sets in the database (prisma GoldenSet / GoldenPrompt). */

export interface GoldenSetView {
  id: string
  name: string
  team: string
  model: string
  description: string
  enabled: boolean
  revision: number
  createdBy: string
  updatedAt: string
  prompts: { position: number; prompt: string; check: GoldenCheck }[]
}

type Row = Awaited<ReturnType<ReturnType<typeof db>['goldenSet']['findFirstOrThrow']>> & {
  prompts: { position: number; prompt: string; check: string }[]
}

/** A stored check is read back through the save schema: a row edited by hand cannot smuggle one in. */
function readPrompt(p: { position: number; prompt: string; check: string }) {
  const r = goldenPromptSchema.safeParse({ prompt: p.prompt, check: JSON.parse(p.check) as unknown })
  return r.success ? { position: p.position, prompt: r.data.prompt, check: r.data.check } : null
}

function view(r: Row): GoldenSetView {
  return {
    id: r.id,
    name: r.name,
    team: r.team,
    model: r.model,
    description: r.description ?? '',
    enabled: r.enabled,
    revision: r.revision,
    createdBy: r.createdBy,
    updatedAt: r.updatedAt.toISOString(),
    prompts: [...r.prompts]
      .sort((a, b) => a.position - b.position)
      .flatMap((p) => {
        const read = readPrompt(p)
        return read ? [read] : []
      }),
  }
}

/** What the audit trail keeps of a set: its shape, not its prompts (a set can be megabytes). */
export function auditSummary(s: GoldenSetView) {
  return {
    name: s.name,
    team: s.team,
    model: s.model,
    enabled: s.enabled,
    revision: s.revision,
    prompts: s.prompts.length,
    checks: s.prompts.map((p) => p.check.kind),
  }
}

const withPrompts = { prompts: { select: { position: true, prompt: true, check: true } } } as const

const promptRows = (i: GoldenSetInput) =>
  i.prompts.map((p, position) => ({ position, prompt: p.prompt, check: JSON.stringify(p.check) }))

const nameTaken = (e: unknown) => e instanceof Error && /unique constraint/i.test(e.message)
const taken = (name: string) =>
  new AppError('conflict', `A golden set named "${name}" already exists.`, {
    fieldErrors: { name: ['already used'] },
  })

export async function listGoldenSets(): Promise<GoldenSetView[]> {
  const rows = await db().goldenSet.findMany({ include: withPrompts, orderBy: { name: 'asc' } })
  return rows.map(view)
}

export async function getGoldenSet(id: string): Promise<GoldenSetView | null> {
  const r = await db().goldenSet.findUnique({ where: { id }, include: withPrompts })
  return r ? view(r) : null
}

/** The set whose verdicts carry this gen_ai.evaluation.name (the set's name is the name it sends). */
export async function getGoldenSetByName(name: string): Promise<GoldenSetView | null> {
  const r = await db().goldenSet.findUnique({ where: { name }, include: withPrompts })
  return r ? view(r) : null
}

export async function requireGoldenSet(id: string): Promise<GoldenSetView> {
  const s = await getGoldenSet(id)
  if (!s) throw new AppError('not_found', 'That golden set does not exist (any more).')
  return s
}

export async function createGoldenSet(i: GoldenSetInput, by: string): Promise<GoldenSetView> {
  try {
    const r = await db().goldenSet.create({
      data: {
        name: i.name,
        team: i.team,
        model: i.model,
        description: i.description || null,
        enabled: i.enabled,
        createdBy: by,
        prompts: { create: promptRows(i) },
      },
      include: withPrompts,
    })
    return view(r)
  } catch (e) {
    if (nameTaken(e)) throw taken(i.name)
    throw e
  }
}

/**
 * Replaces a set's fields and prompts and bumps its revision. Results and failing answers of the
 * old prompts are cleared: they describe questions the set no longer asks.
 */
export async function updateGoldenSet(id: string, i: GoldenSetInput): Promise<GoldenSetView> {
  try {
    await db().$transaction(async (tx) => {
      const before = await tx.goldenSet.findUnique({ where: { id }, select: { revision: true } })
      if (!before) throw new AppError('not_found', 'That golden set does not exist (any more).')
      await tx.goldenPrompt.deleteMany({ where: { setId: id } })
      await tx.goldenResult.deleteMany({ where: { setId: id } })
      await tx.goldenFailure.deleteMany({ where: { setId: id } })
      await tx.goldenSet.update({
        where: { id },
        data: {
          name: i.name,
          team: i.team,
          model: i.model,
          description: i.description || null,
          enabled: i.enabled,
          revision: before.revision + 1,
          prompts: { create: promptRows(i) },
        },
      })
    })
  } catch (e) {
    if (nameTaken(e)) throw taken(i.name)
    throw e
  }
  return requireGoldenSet(id)
}

export async function deleteGoldenSet(id: string): Promise<void> {
  // Children first: SQLite enforces the cascade only with foreign_keys on.
  await db().$transaction([
    db().goldenPrompt.deleteMany({ where: { setId: id } }),
    db().goldenResult.deleteMany({ where: { setId: id } }),
    db().goldenFailure.deleteMany({ where: { setId: id } }),
    db().goldenSet.deleteMany({ where: { id } }),
  ])
}

/** The sets the prober probes. */
export async function enabledGoldenSets(): Promise<GoldenSetView[]> {
  const rows = await db().goldenSet.findMany({ where: { enabled: true }, include: withPrompts })
  return rows.map(view)
}
