/**
 * What both acceptances do with the vision canary route (qwen2-5-vl-7b, v1 stable / v2 canary, in
 * both clusters): read and set its weights with kubectl, check the fleet is the small seeded one,
 * let an admin give the canary 10% on the Routes page, sign in the new on-call engineer, wait for
 * a page on Triage, and shift to stable from there; start and stop the spec's metrics stack, create
 * an SLO in the form and wait for its row on the SLO list.
 */
import { expect, type Browser, type Page } from '@playwright/test'
import { kubeconfigs } from '../../harness/kubeconfigs'
import { kubectl, kubectlJson } from '../../harness/kubectl'
import { startSloStack, type SloStack } from '../../harness/slo-stack'
import { signIn } from '../support/session'
import { PROM_PORT, SIM_PORT } from './ports'

export const ROUTE = 'qwen2-5-vl-7b'
export const NS = 'team-vision'
export const CLUSTERS = ['gpu-east', 'gpu-west']

interface Route {
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}

export const weights = (c: string) =>
  kubectlJson<Route>(c, ['get', 'httproute', ROUTE, '-n', NS]).spec.rules[0]!.backendRefs.map(
    (b) => b.weight ?? 1,
  )

export function setWeightsKubectl(c: string, ws: number[]) {
  const patch = ws.map((w, i) => ({ op: 'replace', path: `/spec/rules/0/backendRefs/${i}/weight`, value: w }))
  kubectl(c, ['patch', 'httproute', ROUTE, '-n', NS, '--type', 'json', '-p', JSON.stringify(patch)])
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
export const elapsed = (since: number) => (Date.now() - since) / 1000

/**
 * The simulator exports series per pod of the live clusters: the bench fleet (tens of thousands
 * of pods) would make a multi-GB Prometheus. Refuse clearly rather than thrash the machine.
 */
export function requireSmallFleet() {
  const pods = CLUSTERS.map((c) => {
    const page = JSON.parse(kubectl(c, ['get', '--raw', '/api/v1/pods?limit=1'])) as {
      items: unknown[]
      metadata: { remainingItemCount?: number }
    }
    return page.items.length + (page.metadata.remainingItemCount ?? 0)
  })
  const total = pods.reduce((a, b) => a + b, 0)
  if (total > 5000) {
    throw new Error(
      `acceptance needs the small seeded fleet, the clusters have ${total} pods: tsx dev/seed/seed-cluster.ts --scale small`,
    )
  }
}

/**
 * The spec's own metrics stack on the acceptance ports, following the live clusters, after the
 * canary's history is set to 0% (100/0 before the simulator generates it).
 */
export async function startCanaryStack(
  opts: Pick<Parameters<typeof startSloStack>[0], 'name' | 'scenario' | 'days' | 'collectorBasePort'>,
): Promise<SloStack> {
  requireSmallFleet()
  for (const c of CLUSTERS) setWeightsKubectl(c, [100, 0])
  return startSloStack({ ...opts, kubeconfig: kubeconfigs().console, simPort: SIM_PORT, promPort: PROM_PORT })
}

/** Stops the stack and leaves the route as seeded (90/10). */
export async function stopCanaryStack(stack: SloStack | undefined) {
  await stack?.stop()
  for (const c of CLUSTERS) setWeightsKubectl(c, [90, 10])
}

/** An admin creates a quality SLO of team vision over 30 days in the form; returns its id. */
export async function createVisionQualitySlo(
  page: Page,
  o: {
    name: string
    objective: number
    target: { kind: 'model'; model: string } | { kind: 'route'; route: string }
    evaluationName?: string
  },
): Promise<string> {
  await page.goto('/slos/new')
  const form = page.getByRole('form', { name: 'New SLO' })
  await form.getByLabel('Name', { exact: true }).fill(o.name)
  await form.getByLabel('Team', { exact: true }).selectOption('vision')
  await form.getByLabel('SLI', { exact: true }).selectOption('quality')
  if (o.evaluationName) {
    await form.getByLabel('Evaluations', { exact: true }).selectOption('evaluation_label')
    await form.getByLabel('Evaluation name', { exact: true }).fill(o.evaluationName)
  }
  await form.getByLabel('Target', { exact: true }).selectOption(o.target.kind)
  if (o.target.kind === 'model') await form.getByLabel('Model', { exact: true }).selectOption(o.target.model)
  else await form.getByLabel('Route', { exact: true }).selectOption(o.target.route)
  await form.getByLabel('Objective (%)', { exact: true }).fill(String(o.objective * 100))
  await form.getByLabel('Window', { exact: true }).selectOption('30')
  await form.getByRole('button', { name: 'Create SLO' }).click()
  await expect(page).toHaveURL(/\/slos\/(?!new$)[a-z0-9]+$/)
  return new URL(page.url()).pathname.split('/').at(-1)!
}

/** Polls the SLO list until the SLO's row reads `expected` ("<state> <5m burn>", e.g. "ok 0.00×"). */
export async function expectSloListRow(page: Page, name: string, expected: string, timeoutMs: number) {
  const row = page.locator(`[data-slo="${name}"]`)
  await expect
    .poll(
      async () => {
        await page.goto('/slos')
        return `${await row.locator('[data-slo-state]').getAttribute('data-slo-state')} ${await row.locator('td').nth(8).textContent()}`
      },
      { timeout: timeoutMs, intervals: [3000] },
    )
    .toBe(expected)
}

/** An admin gives the canary 10% in every cluster on the Routes page; returns when the first was applied. */
export async function adminGivesCanaryTenPercent(page: Page): Promise<number> {
  await signIn(page, 'admin')
  await page.goto('/routes')
  let firstApplied = 0
  for (const [i, c] of CLUSTERS.entries()) {
    const section = page.locator(`[data-route="${c}/${NS}/${ROUTE}"]`)
    await section.getByRole('button', { name: 'Edit weights' }).click()
    const inputs = section.getByRole('form').locator('input[inputmode="numeric"]')
    await inputs.nth(0).fill('90')
    await inputs.nth(1).fill('10')
    if (i === 0) firstApplied = Date.now()
    // The vision routes are Flux-owned: the admin applies directly (the owner's path is not under test).
    await section
      .getByRole('form')
      .getByRole('button', { name: /^Apply( without pausing)?$/ })
      .click()
    await expect.poll(() => weights(c)).toEqual([90, 10])
  }
  return firstApplied
}

/** First sign-in of an on-call engineer through the OpenID provider: no local account exists. */
export async function signInOnCall(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto('/login')
  await page.getByRole('button', { name: 'Sign in with single sign-on' }).click()
  await page.locator('input[name="login"]').fill('vera')
  await page.locator('input[name="password"]').fill('any')
  await page.locator('button[type="submit"]').click()
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i })
  if (await consent.isVisible().catch(() => false)) await consent.click()
  await expect(page.getByTestId('role')).toContainText('operator')
  await expect(page.getByTestId('role')).toContainText('vision')
  return page
}

/**
 * Reloads Triage every 3 s until the SLO's row pages or `deadlineS` after `t0` passes; returns the
 * seconds from `t0` to the request of the page that showed it (the console computed it then).
 */
export async function secondsUntilTriagePages(
  oncall: Page,
  name: string,
  t0: number,
  deadlineS: number,
): Promise<number | null> {
  await oncall.getByRole('link', { name: 'Triage', exact: true }).click()
  await expect(oncall.getByRole('heading', { name: 'Triage', level: 1 })).toBeVisible()
  const row = oncall.locator(`[data-testid="burns"] tr[data-slo="${name}"]`)
  let requestedAt = Date.now()
  while (elapsed(t0) < deadlineS) {
    const state = await row
      .locator('[data-slo-state]')
      .getAttribute('data-slo-state', { timeout: 1000 })
      .catch(() => null)
    if (state === 'page') return (requestedAt - t0) / 1000
    await sleep(3000)
    requestedAt = Date.now()
    await oncall.reload()
  }
  return null
}

/** Triage's suspect list ranks the admin's weight change on the canary route first. */
export async function expectWeightChangeRankedFirst(oncall: Page) {
  const top = oncall.getByTestId('suspects').locator('tbody tr').first()
  await expect(top).toHaveAttribute('data-kind', 'weights')
  await expect(top).toHaveAttribute('data-source', 'audit')
  await expect(top).toContainText(`HTTPRoute ${NS}/${ROUTE}`)
}

/**
 * The on-call engineer shifts the route to stable from Triage in every cluster (confirming each);
 * an admin then finds one audited shift per cluster by vera. Returns when the first was confirmed.
 */
export async function oncallShiftsToStable(oncall: Page, admin: Page): Promise<number> {
  // Another spec of this run may have shifted the same route already: count only this one's.
  await signIn(admin, 'admin')
  const audited = async () => {
    await admin.goto(`/audit?action=route.shift-to-stable&result=applied`)
    await expect(
      admin.getByTestId('audit-table').or(admin.getByText('No matching changes')).first(),
    ).toBeVisible()
    return admin
      .getByTestId('audit-table')
      .locator('tbody tr', { hasText: `HTTPRoute/${ROUTE}` })
      .filter({ hasText: 'vera' })
  }
  const before = await (await audited()).count()
  let first = 0
  const options = oncall.getByTestId('shift-option')
  for (const [i, c] of CLUSTERS.entries()) {
    const option = options.filter({ hasText: c })
    await option.getByRole('button', { name: /Shift to stable/ }).click()
    if (i === 0) first = Date.now()
    await option.getByRole('button', { name: 'Confirm' }).click()
    // The result badge, or (once the page refreshed) the route already all on stable.
    await expect(option).toContainText(/audited|all on stable/, { timeout: 30_000 })
    await expect.poll(() => weights(c)).toEqual([100, 0])
  }
  await expect(await audited()).toHaveCount(before + CLUSTERS.length)
  return first
}
