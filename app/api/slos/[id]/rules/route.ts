import { NextResponse } from 'next/server'
import { currentUser } from '@/lib/auth/current-user'
import { canView } from '@/lib/auth/permissions'
import { prometheusRuleYaml, ruleObjectName } from '@/lib/slo/rules'
import { getSlo } from '@/lib/slo/store'

export const dynamic = 'force-dynamic'

/** An SLO as a PrometheusRule YAML (recording + multiwindow alerting rules), for any signed-in user. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await currentUser()
  if (!canView(user)) return NextResponse.json({ error: 'Sign in to see this.' }, { status: 401 })
  const { id } = await ctx.params
  const slo = await getSlo(id)
  if (!slo) return NextResponse.json({ error: 'No such SLO.' }, { status: 404 })
  return new NextResponse(prometheusRuleYaml(slo), {
    headers: {
      'Content-Type': 'text/yaml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ruleObjectName(slo)}.yaml"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
