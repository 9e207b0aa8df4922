import type { ObjectMeta } from '@/lib/k8s/types'
import { ANNOTATION } from '@/lib/k8s/labels'

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }
  spec?: { containers?: { name: string; image?: string; args?: string[]; env?: unknown[] }[] } & Record<
    string,
    unknown
  >
}

const HASH_LABEL = 'pod-template-hash'

export function revisionOf(meta: ObjectMeta): number {
  const v = Number(meta.annotations?.[ANNOTATION.revision])
  return Number.isInteger(v) && v > 0 ? v : 0
}

/** The template without the controller's pod-template-hash label, as kubectl's rollback does. */
export function stripHash(t: PodTemplate): PodTemplate {
  const labels = { ...(t.metadata?.labels ?? {}) }
  delete labels[HASH_LABEL]
  return { ...t, metadata: { ...t.metadata, labels } }
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    )
  }
  return v
}

export function sameTemplate(a: PodTemplate, b: PodTemplate): boolean {
  return JSON.stringify(canonical(stripHash(a))) === JSON.stringify(canonical(stripHash(b)))
}

export interface TemplateChange {
  container: string
  field: 'image' | 'args' | 'env' | 'added' | 'removed'
  from: string
  to: string
}

/** What a user reads before a rollback: per container, image, args and env changes. */
export function templateChanges(from: PodTemplate, to: PodTemplate): TemplateChange[] {
  const out: TemplateChange[] = []
  const a = new Map((from.spec?.containers ?? []).map((c) => [c.name, c]))
  const b = new Map((to.spec?.containers ?? []).map((c) => [c.name, c]))
  for (const [name, ca] of a) {
    const cb = b.get(name)
    if (!cb) {
      out.push({ container: name, field: 'removed', from: ca.image ?? '', to: '' })
      continue
    }
    if (ca.image !== cb.image)
      out.push({ container: name, field: 'image', from: ca.image ?? '', to: cb.image ?? '' })
    const argsA = (ca.args ?? []).join(' ')
    const argsB = (cb.args ?? []).join(' ')
    if (argsA !== argsB) out.push({ container: name, field: 'args', from: argsA, to: argsB })
    const envA = JSON.stringify(canonical(ca.env ?? []))
    const envB = JSON.stringify(canonical(cb.env ?? []))
    if (envA !== envB) out.push({ container: name, field: 'env', from: envA, to: envB })
  }
  for (const [name, cb] of b)
    if (!a.has(name)) out.push({ container: name, field: 'added', from: '', to: cb.image ?? '' })
  return out
}
