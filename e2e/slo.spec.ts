import { expect, test } from '@playwright/test'
import { kubectl, kubectlJson } from '../harness/kubectl'
import { signIn } from './support/session'

// The SLO and triage pages in a real browser against the real console, Prometheus and clusters.
// The timed acceptance (page within the windows' time, recovery after shift to stable) runs in
// e2e/acceptance/slo.acceptance.ts (playwright.acceptance.config.ts): it needs minutes of live traffic.

const CLUSTER = 'gpu-west'
const NS = 'team-assistant'
const ROUTE = 'llama-3-1-70b'
const NAME = `E2E 70B quality ${Date.now().toString(36)}`

interface Route {
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
const weights = () =>
  kubectlJson<Route>(CLUSTER, ['get', 'httproute', ROUTE, '-n', NS]).spec.rules[0]!.backendRefs.map(
    (b) => b.weight ?? 1,
  )

let sloPath = ''
let saved: number[] = []

test.beforeAll(() => {
  saved = weights()
})

test.afterAll(() => {
  const patch = saved.map((w, i) => ({
    op: 'replace',
    path: `/spec/rules/0/backendRefs/${i}/weight`,
    value: w,
  }))
  kubectl(CLUSTER, ['patch', 'httproute', ROUTE, '-n', NS, '--type', 'json', '-p', JSON.stringify(patch)])
})

test.describe.configure({ mode: 'serial' })

test('slos: admin defines an SLO (custom PromQL checked by Prometheus), sees its burn chart and exports the rules', async ({
  page,
}) => {
  await signIn(page, 'admin')
  await page.goto('/slos')
  await page.getByRole('link', { name: 'New SLO' }).click()
  const form = page.getByRole('form', { name: 'New SLO' })
  await form.getByLabel('Name', { exact: true }).fill(NAME)
  await form.getByLabel('Team', { exact: true }).selectOption('assistant')
  await form.getByLabel('Target', { exact: true }).selectOption('route')
  await form.getByLabel('Route', { exact: true }).selectOption(`${NS}/${ROUTE}`)
  await form.getByLabel('Objective (%)', { exact: true }).fill('99.5')
  await form.getByLabel('Advanced: custom good/total PromQL').check()
  await form
    .getByLabel('Good events', { exact: true })
    .fill('sum(rate(aire_eval_outcomes_total{outcome="good"}[$window])')
  await form.getByLabel('All events', { exact: true }).fill('sum(rate(aire_eval_outcomes_total[$window]))')
  await form.getByRole('button', { name: 'Create SLO' }).click()
  // Prometheus parses the query: the refusal is shown next to the field, nothing is saved.
  await expect(form.locator('#customGood-error')).toContainText('Prometheus refused this query')
  await form.getByLabel('Advanced: custom good/total PromQL').uncheck()
  await form.getByRole('button', { name: 'Create SLO' }).click()
  await expect(page).toHaveURL(/\/slos\/(?!new$)[a-z0-9]+$/)
  sloPath = new URL(page.url()).pathname
  await expect(page.getByRole('heading', { level: 1 })).toContainText(NAME)
  await expect(page.getByTestId('budget-remaining')).not.toBeEmpty()
  await expect(page.getByTestId('burn-chart')).toBeVisible()
  await page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '1d' }).click()
  await expect(page).toHaveURL(/range=1d/)
  await expect(page.getByTestId('burn-chart')).toBeVisible()

  const res = await page.request.get(`/api${sloPath}/rules`)
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toContain('text/yaml')
  const yaml = await res.text()
  expect(yaml).toContain('kind: PrometheusRule')
  expect(yaml).toContain('record: aire_slo:sli_error:ratio_rate5m')
  expect(yaml).toContain('(14.4 * 0.005)')

  await page.goto('/slos')
  await expect(page.locator(`[data-slo="${NAME}"]`)).toBeVisible()
})

test('triage: the operator opens the SLO’s triage view, saves a note, shifts traffic to stable and sees the annotation', async ({
  page,
}) => {
  test.skip(!sloPath, 'needs the SLO of the previous test')
  const id = sloPath.split('/').at(-1)!
  await signIn(page, 'operator')
  await page.goto('/triage')
  await expect(page.getByRole('heading', { name: 'Triage', level: 1 })).toBeVisible()
  await page.goto(`/triage/${id}`)
  await expect(page.getByTestId('onset')).toBeVisible()
  await expect(page.getByRole('heading', { name: /Changes before the burn/ })).toBeVisible()

  const note = page.getByRole('form', { name: 'Incident note' })
  await note.getByLabel('Incident note').fill('E2E: looking at the 70B route.')
  await note.getByRole('button', { name: 'Save note' }).click()
  await expect(page.getByTestId('notes')).toContainText('E2E: looking at the 70B route.', { timeout: 30_000 })

  const option = page.getByTestId('shift-option').filter({ hasText: CLUSTER })
  await option.getByRole('button', { name: /Shift to stable/ }).click()
  await option.getByRole('button', { name: 'Confirm' }).click()
  await expect(option.getByRole('status')).toContainText('audited', { timeout: 30_000 })
  await expect.poll(weights).toEqual([100, 0])
  await page.reload()
  await expect(
    page.getByTestId('annotations').locator('li[data-kind="shift-to-stable"]').last(),
  ).toContainText('olivia')
})

test('slos: a viewer reads SLOs and triage but cannot edit, note or mitigate', async ({ page }) => {
  test.skip(!sloPath, 'needs the SLO of the first test')
  await signIn(page, 'viewer')
  await page.goto('/slos')
  await expect(page.getByTestId('slo-table')).toBeVisible()
  await expect(page.getByRole('link', { name: 'New SLO' })).toHaveCount(0)
  await page.goto('/slos/new')
  await expect(page.getByText('Admins only')).toBeVisible()
  await page.goto(`/triage/${sloPath.split('/').at(-1)}`)
  await expect(page.getByRole('form', { name: 'Incident note' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /Shift to stable/ })).toHaveCount(0)
})
