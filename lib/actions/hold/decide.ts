/**
 * "Did the change hold?" — the pure part of the hold check (lib/actions/hold/checker.ts runs it).
 * After an applied change the console reads the object again for a while; these functions take
 * the field that was written, the value written, the object as read now and its
 * metadata.managedFields, and decide: still pending, held, or reverted by whom, when and to what.
 * Malformed objects or managedFields never throw: an unreadable field counts as a difference,
 * an unreadable manager as "an unknown manager".
 */
import { ownsPath } from '@/lib/k8s/ownership'
import { sameTemplate, stripHash, type PodTemplate } from '@/lib/k8s/pod-template'

/** The field an action wrote, precise enough to read it back from the object. */
export type HoldField =
  | { kind: 'routeWeights'; ruleIndex: number }
  | { kind: 'gpuQuota'; resource: string }
  | { kind: 'tokenLimit'; team: string; header: string }
  | { kind: 'deploymentTemplate' }

export interface ManagedEntry {
  manager?: unknown
  operation?: unknown
  time?: unknown
  subresource?: unknown
  fieldsV1?: unknown
}

export type HoldDecision =
  | { status: 'pending' }
  | { status: 'held' }
  | {
      status: 'reverted'
      /** the managedFields manager that now owns the field; null when the object does not say */
      manager: string | null
      /** when that manager wrote it (its managedFields time), else when the difference was seen */
      at: string
      /** the field's value now, in words ("canary=50, stable=50", "deleted") */
      value: string
    }

export type WeightsValue = { name: string; weight: number }[]

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** managedFields paths of each field, as `f:` segments are named (spec.rules is an atomic list). */
export function fieldPath(field: HoldField): string[] {
  switch (field.kind) {
    case 'routeWeights':
      return ['spec', 'rules']
    case 'gpuQuota':
      return ['spec', 'hard', field.resource]
    case 'tokenLimit':
      return ['spec', 'rateLimit']
    case 'deploymentTemplate':
      return ['spec', 'template']
  }
}

const get = (v: unknown, ...keys: (string | number)[]): unknown => {
  let node = v
  for (const k of keys) {
    if (typeof k === 'number') {
      if (!Array.isArray(node)) return undefined
      node = node[k]
    } else {
      if (!isRecord(node)) return undefined
      node = node[k]
    }
  }
  return node
}

/**
 * The field's value in the object, normalised the way the action recorded it ("after"), or
 * undefined when the object no longer has it (rule gone, object deleted: a difference).
 */
export function readField(field: HoldField, obj: unknown): unknown {
  if (!isRecord(obj)) return undefined
  switch (field.kind) {
    case 'routeWeights': {
      const refs = get(obj, 'spec', 'rules', field.ruleIndex, 'backendRefs')
      if (!Array.isArray(refs)) return undefined
      // A missing weight is 1 (gateway-api), as lib/k8s/patch-route-weights.ts records it.
      return refs.map((r) => ({
        name: typeof get(r, 'name') === 'string' ? (get(r, 'name') as string) : '?',
        weight: typeof get(r, 'weight') === 'number' ? (get(r, 'weight') as number) : 1,
      }))
    }
    case 'gpuQuota': {
      const v = get(obj, 'spec', 'hard', field.resource)
      return typeof v === 'string' ? v : null
    }
    case 'tokenLimit': {
      const rules = get(obj, 'spec', 'rateLimit', 'global', 'rules')
      if (!Array.isArray(rules)) return null
      const rule = rules.find((r) => {
        const selectors = get(r, 'clientSelectors')
        return (
          Array.isArray(selectors) &&
          selectors.some((s) => {
            const hs = get(s, 'headers')
            return (
              Array.isArray(hs) &&
              hs.some((h) => get(h, 'name') === field.header && get(h, 'value') === field.team)
            )
          })
        )
      })
      const n = get(rule, 'limit', 'requests')
      return typeof n === 'number' ? n : null
    }
    case 'deploymentTemplate': {
      const t = get(obj, 'spec', 'template')
      return isRecord(t) ? stripHash(t as PodTemplate) : undefined
    }
  }
}

/** Whether two values of the field are the same (templates compared as kubectl's rollback does). */
export function sameValue(field: HoldField, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b
  if (field.kind === 'deploymentTemplate') {
    return isRecord(a) && isRecord(b) && sameTemplate(a as PodTemplate, b as PodTemplate)
  }
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The value in a few words, for the audit reason and the alert. */
export function describeValue(field: HoldField, v: unknown): string {
  if (v === undefined) return field.kind === 'routeWeights' ? 'rule or route deleted' : 'deleted'
  switch (field.kind) {
    case 'routeWeights':
      return Array.isArray(v)
        ? (v as WeightsValue).map((b) => `${b.name}=${b.weight}`).join(', ') || 'no backends'
        : String(v)
    case 'gpuQuota':
      return v === null ? 'no GPU limit' : `${String(v)} GPUs`
    case 'tokenLimit':
      return v === null ? 'no token limit' : `${String(v)} tokens/hour`
    case 'deploymentTemplate': {
      const cs = get(v, 'spec', 'containers')
      const images = Array.isArray(cs)
        ? cs.map((c) => String(get(c, 'image') ?? get(c, 'name') ?? '?')).join(', ')
        : ''
      return images ? `template with ${images}` : 'another template'
    }
  }
}

const timeOf = (e: ManagedEntry) => (typeof e.time === 'string' ? Date.parse(e.time) || 0 : 0)
const managerOf = (e: ManagedEntry) =>
  typeof e.manager === 'string' && e.manager.length > 0 ? e.manager : null

/**
 * The manager that last wrote `path`: of the (non-status) entries that own it, the one with the
 * latest time. managedFields times have one-second resolution, so on a tie the entry that is not
 * the console's own write (`writer`, the manager seen owning the field right after the change)
 * wins: a revert within the same second as the change must still be named.
 */
export function lastWriter(
  managedFields: unknown,
  path: readonly string[],
  writer: string | null = null,
): { manager: string | null; time: string | null } | null {
  if (!Array.isArray(managedFields)) return null
  let best: ManagedEntry | null = null
  // A field under a map key (spec.hard[x]) may be owned at the key or, by older writers, not at all
  // below spec.hard; the exact path is preferred and the parent only used when nobody owns the key.
  const paths = path.length > 2 ? [path, path.slice(0, -1)] : [path]
  for (const p of paths) {
    for (const raw of managedFields) {
      if (!isRecord(raw)) continue
      const e = raw as ManagedEntry
      if (e.subresource === 'status' || !ownsPath(e.fieldsV1, p)) continue
      if (!best) {
        best = e
        continue
      }
      const t = timeOf(e)
      const bt = timeOf(best)
      if (t > bt || (t === bt && managerOf(best) === writer && managerOf(e) !== writer)) best = e
    }
    if (best) break
  }
  if (!best) return null
  return { manager: managerOf(best), time: typeof best.time === 'string' ? best.time : null }
}

export interface HoldInput {
  field: HoldField
  /** the value the action wrote (its recorded "after", normalised like readField) */
  expected: unknown
  /** the object as read now; null when it is gone (404) */
  object: unknown
  /** the manager seen owning the field right after the change, if already known */
  writer?: string | null
  now: Date
  deadline: Date
}

/**
 * Pending while the field still has the written value and the window is open; held once the
 * window ends with it unchanged; reverted at the first difference (whatever it changed to).
 */
export function decideHold(i: HoldInput): HoldDecision {
  const current = i.object === null ? undefined : readField(i.field, i.object)
  if (!sameValue(i.field, current, i.expected)) {
    const meta = isRecord(i.object) ? i.object.metadata : undefined
    const w = i.object === null ? null : lastWriter(get(meta, 'managedFields'), fieldPath(i.field), i.writer)
    return {
      status: 'reverted',
      manager: w?.manager ?? null,
      at: w?.time ?? i.now.toISOString(),
      value: describeValue(i.field, current),
    }
  }
  return i.now.getTime() >= i.deadline.getTime() ? { status: 'held' } : { status: 'pending' }
}

/** The outcome in the words the audit record, the action's result and the alerts use. */
export function holdText(d: HoldDecision): string {
  if (d.status === 'pending') return 'checking that it holds'
  if (d.status === 'held') return 'held'
  return `reverted by ${d.manager ?? 'an unknown manager'} at ${d.at} (${d.value})`
}
