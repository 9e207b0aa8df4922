import { NextResponse } from 'next/server'
import { fleetGet } from '@/lib/fleet/http'
import { holdOutcome } from '@/lib/actions/hold/store'
import { auditIdSchema } from '@/lib/validations/audit-id'

export const dynamic = 'force-dynamic'

/** The hold check of one applied change ("pending", "held", "reverted by …"), polled by its result. */
export async function GET(_req: Request, { params }: { params: Promise<{ auditId: string }> }) {
  const id = auditIdSchema.safeParse((await params).auditId)
  if (!id.success) return NextResponse.json({ error: 'Not found.' }, { status: 404 })
  return fleetGet(() => holdOutcome(id.data))
}
