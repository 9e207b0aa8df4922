import { expect, test } from '@playwright/test'
import { signIn } from './support/session'

// The Models page in a real browser: filters in the URL and the SLO badges of seeded SLOs
// (dev/db/seed-slos.ts holds SLOs for llama-3-1-8b, none for mixtral-8x22b).

test('models: the team filter lives in the URL and survives a reload', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/models')
  await expect(page.locator('[data-model]').first()).toBeVisible()
  await page.getByLabel('Team').selectOption('vision')
  await expect(page).toHaveURL(/team=vision/)
  await expect(page.locator('[data-model="llama-3-1-8b"]')).toHaveCount(0)
  const shown = await page
    .locator('[data-model]')
    .evaluateAll((s) => s.map((e) => e.getAttribute('data-model')))
  expect(shown.length).toBeGreaterThan(0)
  await page.reload()
  await expect(page.getByLabel('Team')).toHaveValue('vision')
  await expect
    .poll(() => page.locator('[data-model]').evaluateAll((s) => s.map((e) => e.getAttribute('data-model'))))
    .toEqual(shown)
})

test('models: each model shows the state of its SLOs, linking to them', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/models')
  const badge = page.locator('[data-model="llama-3-1-8b"]').getByTestId('slo-badge')
  await expect(badge).toBeVisible()
  await expect(badge).toHaveAttribute('title', /Llama 3\.1 8B answer quality: /)
  await expect(badge).toContainText(/SLOs/)
  await expect(badge.locator('[data-slo-state]')).toHaveAttribute('data-slo-state', /.+/)
  await expect(page.locator('[data-model="mixtral-8x22b"]')).toBeVisible()
  await expect(page.locator('[data-model="mixtral-8x22b"]').getByTestId('slo-badge')).toHaveCount(0)
  await badge.click()
  await expect(page).toHaveURL(/\/(slos|triage)\/[^/]+$/)
})

// dev/seed/fleet.ts seeds InferenceObjectives on llama-3-1-8b's pools and none on llama-3-1-70b's.
test('models: each pool lists the InferenceObjectives it serves, highest priority first', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/models?q=llama-3-1')
  const stable = page.locator('[data-pool="team-assistant/llama-3-1-8b-v1"]').first()
  await expect(stable.getByTestId('pool-objectives')).toHaveText(
    'objectives: chat-premium (priority 10), chat-batch (priority \u22121)',
  )
  const none = page.locator('[data-pool="team-assistant/llama-3-1-70b-v1"]').first()
  await expect(none.getByTestId('pool-objectives')).toContainText('objectives: none')
})

// The test metrics stack's simulator exports endpoint-picker gauges per pool (docs/SATURATION.md):
// gpu-east as llm-d-router (llm_d_epp_*), gpu-west as an older EPP (inference_pool_*).
test('models: each served pool shows its queue, KV cache and running requests with a verdict', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/models?q=llama-3-1-8b')
  const line = page
    .locator('[data-pool="team-assistant/llama-3-1-8b-v1"]')
    .first()
    .getByTestId('pool-saturation')
  await expect(line).toHaveAttribute('data-state', /^(ok|saturated)$/)
  await expect(line).toHaveAttribute('data-source', /^(llm-d|inference_pool)$/)
  await expect(line).toContainText(/queue [\d.]+ · KV cache \d+% · [\d.]+ running/)
  await expect(line.locator('.badge')).toHaveText(/^(not saturated|saturated \(.+\))$/)
  await expect(page.getByTestId('saturation-notice')).toHaveCount(0)
})
