import { currentUser } from '@/lib/auth/current-user'
import { canView } from '@/lib/auth/permissions'
import { PricingConfigError } from '@/lib/cost/currency'
import { exportTable } from '@/lib/cost/exports'
import { parseCostQuery } from '@/lib/cost/params'
import { AppError } from '@/lib/errors'

export const dynamic = 'force-dynamic'

// CSV export of any table of the Costs page, with the page's filters (session required).
export async function GET(req: Request): Promise<Response> {
  const user = await currentUser()
  if (!canView(user)) {
    return Response.json({ code: 'unauthenticated', message: 'Sign in to export costs.' }, { status: 401 })
  }
  const url = new URL(req.url)
  const query = parseCostQuery(Object.fromEntries(url.searchParams))
  try {
    const { filename, csv } = await exportTable(url.searchParams.get('table') ?? 'spend', query)
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
        'cache-control': 'no-store',
      },
    })
  } catch (e) {
    if (e instanceof AppError && e.code === 'not_found') {
      return Response.json({ code: e.code, message: e.message }, { status: 404 })
    }
    // Amounts in an unknown currency are worse than none: the settings' fault, said plainly.
    if (e instanceof PricingConfigError) {
      return Response.json({ code: 'internal', message: e.message }, { status: 503 })
    }
    throw e
  }
}
