import { z } from 'zod'
import { NextResponse } from 'next/server'
import { fleetGet } from '@/lib/fleet/http'
import { holdOutcome } from '@/lib/actions/hold/store'

export const dynamic = 'force-dynamic'

// Audit ids are cuids; anything else is refused before it reaches the database.
const idSchema = z.string().regex(/^[a-z0-9]{10,40}$/)

/** The hold check of one applied change ("pending", "held", "reverted by …"), polled by its result. */
export async function GET(_req: Request, { params }: { params: Promise<{ auditId: string }> }) {
  const id = idSchema.safeParse((await params).auditId)
  if (!id.success) return NextResponse.json({ error: 'Not found.' }, { status: 404 })
  return fleetGet(() => holdOutcome(id.data))
}
