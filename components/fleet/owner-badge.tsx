import type { OwnerLite } from '@/lib/k8s/watch/types'

const TONE: Record<OwnerLite['write'], string> = { allowed: '', warn: 'warn', refuse: 'bad' }

/** The object's other owner, where people decide: a badge whose title says what it will do. */
export function OwnerBadge({ owner }: { owner: OwnerLite | null | undefined }) {
  if (!owner || owner.kind === 'none') return null
  return (
    <span className={`badge ${TONE[owner.write]}`} title={owner.consequence} data-owner={owner.kind}>
      owned by {owner.label}
    </span>
  )
}

/** Before Apply: what the owner will do with the change, in plain words (nothing when no owner). */
export function OwnerNotice({ owner, what }: { owner: OwnerLite | null | undefined; what: string }) {
  if (!owner || owner.kind === 'none') return null
  return (
    <p className={owner.write === 'refuse' ? 'field-error' : 'muted'} role="note" data-testid="owner-notice">
      {owner.write === 'refuse' ? `${what} is not offered: ` : 'Before you change this: '}
      {owner.consequence}
    </p>
  )
}
