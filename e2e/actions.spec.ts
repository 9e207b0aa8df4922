import { expect, test, type Browser, type Page } from '@playwright/test'
import { signIn, type Who } from './support/session'

const ROUTE = 'gpu-east/team-assistant/llama-3-1-70b'

async function routesAs(browser: Browser, who: Who): Promise<Page> {
  const ctx = await browser.newContext()
  const page = await ctx.newPage()
  await signIn(page, who)
  await page.goto('/routes')
  return page
}

const section = (page: Page) => page.locator(`[data-route="${ROUTE}"]`)
const weights = async (page: Page) =>
  (await section(page).getByTestId('weight').allTextContents()).map(Number)

test('routes: two sessions edit the same route — one wins; the loser sees theirs vs yours and cannot overwrite without accepting a fresh plan', async ({
  browser,
}) => {
  const a = await routesAs(browser, 'operator')
  const b = await routesAs(browser, 'admin')
  // Values unlike the current ones for both users (the suite runs twice on one cluster, once per
  // database, and the first run leaves this route at its loser's weights).
  const now = await weights(a)
  const first = [61, 71].find((v) => v !== now[0] && v + 1 !== now[0]) ?? 81
  for (const p of [a, b]) await section(p).getByRole('button', { name: 'Edit weights' }).click()
  const fill = async (p: Page, w: number) => {
    const inputs = section(p).getByRole('form').locator('input[inputmode="numeric"]')
    await inputs.nth(0).fill(String(w))
    await inputs.nth(1).fill('10')
  }
  await fill(a, first)
  await fill(b, first + 1)
  await section(a).getByRole('form').getByRole('button', { name: 'Apply' }).click()
  await expect.poll(() => weights(a)).toEqual([first, 10])
  const form = section(b).getByRole('form')
  await form.getByRole('button', { name: 'Apply' }).click()
  await expect(form.getByRole('alert')).toContainText('Someone else changed the weights')
  // Theirs beside yours, for each backend; the page behind shows the winner's weights.
  const table = form.getByTestId('weights-conflict')
  await expect(table.locator('tbody tr').first().locator('td').nth(2)).toHaveText(String(first))
  await expect(table.locator('tbody tr').first().locator('td').nth(3)).toHaveText(String(first + 1))
  await expect.poll(() => weights(b)).toEqual([first, 10])
  // Apply stays off until the loser takes a fresh plan: the winner cannot be overwritten blindly.
  await expect(form.getByRole('button', { name: 'Apply' })).toBeDisabled()
  await form.getByRole('button', { name: 'Start from theirs, keep my weights' }).click()
  await expect(table).toHaveCount(0)
  await form.getByRole('button', { name: 'Apply' }).click()
  await expect.poll(() => weights(b)).toEqual([first + 1, 10])
})

test('routes: the on-call shifts all traffic to stable in two clicks, and can revert it from the audit trail', async ({
  browser,
}) => {
  const page = await routesAs(browser, 'operator')
  await expect(section(page).getByText('stable', { exact: true })).toBeVisible()
  await section(page).getByRole('button', { name: 'Shift all to stable' }).click()
  await section(page)
    .getByRole('button', { name: /Yes, shift to/ })
    .click()
  await expect.poll(() => weights(page)).toEqual([100, 0])

  await page.goto('/audit?action=route.shift-to-stable&result=applied')
  const row = page.getByTestId('audit-table').locator('tbody tr').first()
  await row.getByRole('button', { name: 'Revert…' }).click()
  await row.getByRole('button', { name: 'Yes, revert to before' }).click()
  await expect(row.getByText('Reverted.')).toBeVisible()
  await page.goto('/routes')
  await expect.poll(() => weights(page)).not.toEqual([100, 0])
})

test('models: rollback shows what changes and applies it as the operator', async ({ page }) => {
  await signIn(page, 'operator')
  await page.goto('/rollback?cluster=gpu-east&namespace=team-assistant&name=llama-3-1-70b-v1')
  const rows = page.getByTestId('revisions').locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  await page.getByRole('link', { name: 'Review rollback →' }).last().click()
  await expect(page.getByText(/What changes if you roll back to revision/)).toBeVisible()
  const chosen = Number(new URL(page.url()).searchParams.get('revision'))
  await page.getByRole('button', { name: /Roll back to revision/ }).click()
  const outcome = page.getByRole('status').filter({ hasText: /Rolled back|Nothing to do/ })
  await expect(outcome).toBeVisible()
  // The page refreshes after the change (the chosen revision becomes the new current one): the
  // outcome stays, and no "revision no longer exists" replaces it.
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(1500)
  await expect(outcome).toBeVisible()
  await expect(outcome).toContainText(new RegExp(`revision ${chosen}|Nothing to do`))
  await expect(page.getByText(/no longer exists/)).toHaveCount(0)
  await expect(rows.filter({ hasText: 'current' })).toHaveCount(1)
})

test('teams: an admin sets a GPU quota; a limit below current use asks for confirmation first', async ({
  page,
}) => {
  await signIn(page, 'admin')
  await page.goto('/teams')
  const row = page.locator('[data-quota="gpu-east/team-assistant"]')
  const used = Number(await row.getByTestId('gpu-used').textContent())
  expect(used).toBeGreaterThan(0)
  const form = row.getByRole('form', { name: /GPU quota of/ })
  await form.getByLabel('GPU limit').fill(String(used + 7))
  await form.getByRole('button', { name: 'Set quota' }).click()
  await expect(row.getByTestId('gpu-hard')).toHaveText(String(used + 7))
  await form.getByLabel('GPU limit').fill('0')
  await expect(form.getByRole('button', { name: 'Set quota' })).toBeDisabled()
  // The use shown beside the form (the freshly seeded fleet may still be landing pods, so it can
  // have grown since the first read): the warning names the same number the row shows.
  await expect
    .poll(async () => {
      const warning = /Below current use \((\d+)\)/.exec((await form.textContent()) ?? '')
      return warning?.[1] === (await row.getByTestId('gpu-used').textContent())?.trim()
    })
    .toBe(true)
})

test('teams: a viewer sees quotas but no forms', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/teams')
  await expect(page.locator('[data-quota="gpu-east/team-assistant"]')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Set quota' })).toHaveCount(0)
})
