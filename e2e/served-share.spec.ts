import { expect, test, type Locator } from '@playwright/test'
import { signIn } from './support/session'

// The test profile's simulator (dev/sim/scenarios/test.json): its gateway follows the weights of
// every route but one — on gpu-west it serves llama-3-2-11b-vision-dra 50/50 whatever the route's
// 90/10 says. No test changes either route's weights, and both have two days of history.
async function served(row: Locator): Promise<number> {
  return Number(await row.getByTestId('served').getAttribute('data-value'))
}

test('routes: each backend shows the share it served beside its weight, equal when the gateway follows them', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/routes?cluster=gpu-east&namespace=team-search&q=qwen2-5-7b')
  const section = page.locator('[data-route="gpu-east/team-search/qwen2-5-7b"]')
  await expect(section).toBeVisible()
  const rows = section.locator('tr[data-backend]')
  await expect(rows).toHaveCount(2)
  await expect(rows.first().getByTestId('served')).toContainText('serving')
  expect(Math.abs((await served(rows.nth(0))) - 90)).toBeLessThanOrEqual(2)
  expect(Math.abs((await served(rows.nth(1))) - 10)).toBeLessThanOrEqual(2)
  await expect(section.getByTestId('served-mismatch')).toHaveCount(0)
})

test('routes and models: a gateway serving other shares than the weights is flagged', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/routes?cluster=gpu-west&namespace=team-vision&q=llama-3-2-11b-vision-dra')
  const section = page.locator('[data-route="gpu-west/team-vision/llama-3-2-11b-vision-dra"]')
  const rows = section.locator('tr[data-backend]')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1).getByTestId('served-mismatch')).toHaveText(
    /^configured 10%, serving (4[6-9]|5[0-4])(\.\d)?%$/,
  )
  await expect(rows.nth(0).getByTestId('served-mismatch')).toContainText('configured 90%')

  await page.goto('/models?q=llama-3-2-11b-vision-dra')
  const canary = page.locator('tr[data-version^="gpu-west/"][data-version$="-v2"]').first()
  await expect(canary.getByTestId('served-mismatch')).toContainText('configured 10%, serving')
})
