import { expect, test } from '@playwright/test'
import { signIn } from './support/session'

test('teams: an operator requests more GPUs, an admin approves it, the quota changes and the requester sees the outcome', async ({
  browser,
}) => {
  const opCtx = await browser.newContext()
  const op = await opCtx.newPage()
  await signIn(op, 'operator')
  await op.goto('/teams')
  const team = op.locator('[data-team="assistant"]')
  const row = team.locator('[data-quota="gpu-east/team-assistant"]')
  const hard = Number(await row.getByTestId('gpu-hard').textContent())
  await team.getByText('Request more for assistant').click()
  const form = team.getByRole('form', { name: 'Request more for team assistant' })
  await form.getByLabel('What').selectOption('gpu')
  await form.getByLabel(/Where/).selectOption('gpu-east/team-assistant')
  await form.getByLabel('New limit').fill(String(hard + 8))
  await form.getByLabel('Why').fill('new assistant tier launches Monday')
  await form.getByRole('button', { name: 'Send request' }).click()
  await expect(form.getByRole('status')).toHaveText('Request sent; admins will see it.')
  await expect(op.getByTestId('my-requests')).toContainText('pending')

  const adminCtx = await browser.newContext()
  const admin = await adminCtx.newPage()
  await signIn(admin, 'admin')
  await admin.goto('/teams')
  await expect(admin.getByTestId('pending-badge')).toBeVisible()
  const request = admin.locator('[data-request]', { hasText: String(hard + 8) }).first()
  await request.getByLabel('Decision').selectOption('approve')
  await request.getByRole('button', { name: 'Decide' }).click()
  await expect(
    admin.locator('[data-team="assistant"] [data-quota="gpu-east/team-assistant"]').getByTestId('gpu-hard'),
  ).toHaveText(String(hard + 8))

  await op.reload()
  await expect(op.getByTestId('my-requests').locator('tr').first()).toContainText('approved')
})

test('teams: a viewer has no request form', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/teams')
  await expect(page.locator('[data-team="assistant"]')).toBeVisible()
  await expect(page.getByText('Request more for assistant')).toHaveCount(0)
})
