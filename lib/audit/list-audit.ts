import 'server-only'
import { db } from '@/lib/db/client'
import { SINCE_MS, type AuditFilter } from '@/lib/validations/audit-filter'

export const AUDIT_PAGE_SIZE = 50

export async function listAudit(f: AuditFilter) {
  const since = f.since && f.since !== 'all' ? new Date(Date.now() - (SINCE_MS[f.since] ?? 0)) : undefined
  const where = {
    ...(f.user ? { actor: f.user } : {}),
    ...(f.team ? { team: f.team } : {}),
    ...(f.cluster ? { cluster: f.cluster } : {}),
    ...(f.action ? { action: f.action } : {}),
    // Intent rows precede every attempted change; they are shown only when asked for.
    ...(f.result ? { result: f.result } : { result: { not: 'intent' } }),
    ...(since ? { at: { gte: since } } : {}),
  }
  const page = f.page ?? 1
  const [rows, total] = await Promise.all([
    db().auditEvent.findMany({
      where,
      orderBy: { at: 'desc' },
      take: AUDIT_PAGE_SIZE,
      skip: (page - 1) * AUDIT_PAGE_SIZE,
    }),
    db().auditEvent.count({ where }),
  ])
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) }
}
