import { expect, test, type Page } from '@playwright/test'
import { signIn } from './support/session'

const ROUTE = 'gpu-east/team-assistant/llama-3-1-8b'

function routeSection(page: Page) {
  return page.locator(`[data-route="${ROUTE}"]`)
}

async function currentWeights(page: Page): Promise<number[]> {
  const cells = await routeSection(page).getByTestId('weight').allTextContents()
  return cells.map((c) => Number(c.trim()))
}

test('routes: operator edits weights of their team’s route with a live preview, and the audit records it', async ({
  page,
}) => {
  await signIn(page, 'operator')
  await page.goto('/routes')
  const section = routeSection(page)
  await expect(section).toBeVisible()
  const before = await currentWeights(page)
  expect(before.length).toBe(2)
  const next = [before[0] === 70 ? 80 : 70, before[0] === 70 ? 20 : 30]
  await section.getByRole('button', { name: 'Edit weights' }).click()
  const form = section.getByRole('form')
  const inputs = form.locator('input[inputmode="numeric"]')
  await inputs.nth(0).fill(String(next[0]))
  await inputs.nth(1).fill(String(next[1]))
  // Live preview of the resulting percentages before applying.
  await expect(form).toContainText(`${before[0]} → ${next[0]} (${next[0]}.0%)`)
  await form.getByRole('button', { name: 'Apply' }).click()
  await expect.poll(() => currentWeights(page)).toEqual(next)

  await page.goto('/audit?action=route.weights&result=applied')
  await expect(page.getByTestId('audit-table')).toContainText('olivia')
  await expect(page.getByTestId('audit-table')).toContainText('HTTPRoute/llama-3-1-8b')
})

test('routes: draining a route needs explicit confirmation', async ({ page }) => {
  await signIn(page, 'operator')
  await page.goto('/routes')
  const section = routeSection(page)
  await section.getByRole('button', { name: 'Edit weights' }).click()
  const form = section.getByRole('form')
  const inputs = form.locator('input[inputmode="numeric"]')
  await inputs.nth(0).fill('0')
  await inputs.nth(1).fill('0')
  await expect(form.getByRole('button', { name: 'Apply' })).toBeDisabled()
  await expect(form).toContainText('Yes, drain this route')
  await inputs.nth(0).fill('-5')
  await expect(form).toContainText('Weights are whole numbers from 0 to 1,000,000')
})

test('routes: a viewer sees the splits but no edit controls', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/routes')
  await expect(routeSection(page)).toBeVisible()
  await expect(routeSection(page).getByRole('button', { name: 'Edit weights' })).toHaveCount(0)
})

test('routes: each route shows the state of its SLOs (route SLOs and those of the models it serves)', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/routes')
  // dev/db/seed-slos.ts: a route SLO on team-assistant/llama-3-1-70b, model SLOs on llama-3-1-8b.
  const route70b = page
    .locator('[data-route="gpu-west/team-assistant/llama-3-1-70b"]')
    .getByTestId('slo-badge')
  await expect(route70b).toHaveAttribute('title', /Llama 3\.1 70B route availability: /)
  const route8b = routeSection(page).getByTestId('slo-badge')
  await expect(route8b).toHaveAttribute('title', /Llama 3\.1 8B answer quality: /)
  await expect(route8b.locator('[data-slo-state]')).toHaveAttribute('data-slo-state', /.+/)
})

test('routes: reverting a change whose "before" was a drain asks the drain question again in the dialog', async ({
  page,
}) => {
  await signIn(page, 'operator')
  await page.goto('/routes')
  const section = routeSection(page)
  const setWeights = async (ws: number[], drain = false) => {
    await section.getByRole('button', { name: 'Edit weights' }).click()
    const form = section.getByRole('form')
    const inputs = form.locator('input[inputmode="numeric"]')
    await inputs.nth(0).fill(String(ws[0]))
    await inputs.nth(1).fill(String(ws[1]))
    if (drain) await form.getByRole('checkbox').check()
    await form.getByRole('button', { name: 'Apply' }).click()
    await expect.poll(() => currentWeights(page)).toEqual(ws)
  }
  await setWeights([0, 0], true)
  await setWeights([75, 25])

  await page.goto('/audit?action=route.weights&result=applied')
  const row = page.getByTestId('audit-table').locator('tbody tr').first()
  await expect(row).toContainText('HTTPRoute/llama-3-1-8b')
  await row.getByRole('button', { name: 'Revert…' }).click()
  const yes = row.getByRole('button', { name: 'Yes, revert to before' })
  await expect(yes).toBeDisabled()
  await row.getByRole('checkbox', { name: /Yes, drain it/ }).check()
  await yes.click()
  await expect(row.getByText('Reverted.')).toBeVisible()
  await page.goto('/routes')
  await expect.poll(() => currentWeights(page)).toEqual([0, 0])
  await setWeights([90, 10])
})

test('routes: filters live in the URL, rules are named by what they match, and an empty filter says so', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/routes')
  const filters = page.getByRole('form', { name: 'Filter routes' })
  await filters.getByLabel('Name contains').fill('llama-3-1-8b')
  await filters.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(/q=llama-3-1-8b/)
  await expect(page.getByTestId('routes-count')).toContainText(/of \d+ routes match/)
  const sections = page.locator('[data-route]')
  await expect(sections.first()).toBeVisible()
  for (const key of await sections.evaluateAll((els) => els.map((e) => e.getAttribute('data-route') ?? '')))
    expect(key).toContain('llama-3-1-8b')
  // A rule without a name is labelled by its matches ("all requests" when it has none), not "Rule 0".
  await expect(routeSection(page).getByTestId('rule-label').first()).not.toHaveText(/^Rule \d+$/)
  await page.reload()
  await expect(filters.getByLabel('Name contains')).toHaveValue('llama-3-1-8b')
  await page.goto('/routes?q=no-such-route-anywhere')
  await expect(page.getByText('Nothing matches these filters.')).toBeVisible()
})

test('routes: a pool backend shows the InferenceObjectives it serves with their priority', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/routes?cluster=gpu-east&q=llama-3-1-8b')
  const section = routeSection(page)
  const backends = section.locator('[data-backend]')
  await expect(backends.nth(0).getByTestId('pool-objectives')).toContainText(
    'chat-premium (priority 10), chat-batch (priority \u22121)',
  )
  await expect(backends.nth(1).getByTestId('pool-objectives')).toHaveText(
    'objectives: chat-canary-eval (priority 0)',
  )
})

test('routes: an owned route says who owns it before Apply; one whose weights Argo Rollouts writes offers no editor', async ({
  page,
}) => {
  const { kubectl } = await import('../harness/kubectl')
  const ns = 'team-assistant'
  const route = (name: string) =>
    JSON.stringify({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name, namespace: ns },
      spec: {
        parentRefs: [{ name: 'inference-gateway', namespace: 'gateway-system' }],
        rules: [
          {
            backendRefs: [
              { name: 'a', port: 8000, weight: 60 },
              { name: 'b', port: 8000, weight: 40 },
            ],
          },
        ],
      },
    })
  const id = Date.now().toString(36)
  const applied = `e2e-applied-${id}`
  const canary = `e2e-canary-${id}`
  try {
    kubectl('gpu-east', ['apply', '-f', '-'], route(applied))
    kubectl(
      'gpu-east',
      ['apply', '--server-side', '--field-manager=rollouts-controller', '-f', '-'],
      route(canary),
    )
    await signIn(page, 'operator')
    await page.goto(`/routes?cluster=gpu-east&namespace=${ns}&q=e2e-`)
    const a = page.locator(`[data-route="gpu-east/${ns}/${applied}"]`)
    await expect(a.locator('[data-owner="kubectl-apply"]')).toHaveText('owned by kubectl apply')
    await expect(a.getByTestId('owner-notice')).toContainText(
      'the next kubectl apply of its manifest restores the old value',
    )
    await expect(a.getByRole('button', { name: 'Edit weights' })).toBeVisible()
    const c = page.locator(`[data-route="gpu-east/${ns}/${canary}"]`)
    await expect(c.locator('[data-owner="argo-rollouts"]')).toBeVisible()
    await expect(c.getByTestId('owner-notice')).toContainText('A weight change is not offered')
    await expect(c.getByRole('button', { name: 'Edit weights' })).toHaveCount(0)
  } finally {
    kubectl('gpu-east', ['delete', 'httproute', applied, canary, '-n', ns, '--ignore-not-found'])
  }
})
