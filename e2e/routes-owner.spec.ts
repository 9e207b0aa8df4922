import { expect, test, type Locator } from '@playwright/test'
import { signIn } from './support/session'

// dev/seed: the vision team's routes carry the labels of Flux Kustomization flux-system/vision-serving,
// which the seed creates (CRD from the kustomize-controller Go module, installed by cluster.sh).
const ROUTES = '/routes?cluster=gpu-east&namespace=team-vision'

async function weights(section: Locator): Promise<number[]> {
  return (await section.getByTestId('weight').allTextContents()).map((c) => Number(c.trim()))
}

test('routes: suspend the Flux Kustomization, change the weights, see it holds, resume', async ({ page }) => {
  await signIn(page, 'admin')
  await page.goto(ROUTES)
  const section = page
    .locator('[data-route^="gpu-east/team-vision/"]')
    .filter({ has: page.getByTestId('owner-actions') })
    .first()
  await expect(section).toBeVisible()
  const owner = section.getByTestId('owner-actions')
  await expect(owner).toHaveAttribute('data-owner-object', 'Kustomization')
  // The suite runs twice on one cluster: start from a resumed Kustomization.
  const resume = owner.getByRole('button', { name: 'Resume Kustomization' })
  if (await resume.isVisible()) {
    await resume.click()
    await expect(owner.getByRole('button', { name: 'Suspend Kustomization' })).toBeVisible()
  }
  await expect(section.getByTestId('owner-state')).toContainText('re-applies this route from Git')

  await owner.getByRole('button', { name: 'Suspend Kustomization' }).click()
  await expect(section.getByTestId('owner-state')).toContainText(
    'is suspended: changes made here hold until it is resumed',
  )

  const before = await weights(section)
  const next = before[0] === 100 ? [90, 10] : [100, 0]
  await section.getByRole('button', { name: 'Edit weights' }).first().click()
  const form = section.getByRole('form').first()
  const inputs = form.locator('input[inputmode="numeric"]')
  await inputs.nth(0).fill(String(next[0]))
  await inputs.nth(1).fill(String(next[1]))
  await form.getByRole('button', { name: 'Apply' }).click()
  await expect.poll(() => weights(section)).toEqual(next)
  // Still suspended after the change: nothing resumes it behind the user's back.
  await page.reload()
  await expect(section.getByTestId('owner-state')).toContainText('is suspended')

  await section.getByTestId('owner-actions').getByRole('button', { name: 'Resume Kustomization' }).click()
  await expect(section.getByTestId('owner-state')).toContainText('re-applies this route from Git')

  await page.goto('/audit?action=flux.suspend&result=applied')
  await expect(page.getByTestId('audit-table')).toContainText('Kustomization/vision-serving')
})
