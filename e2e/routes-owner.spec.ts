import { expect, test, type Locator } from '@playwright/test'
import { kubectl } from '../harness/kubectl'
import { signIn, signInOidc } from './support/session'

// dev/seed: the vision team's routes carry the labels of Flux Kustomization flux-system/vision-serving,
// which the seed creates (CRD from the kustomize-controller Go module, installed by cluster.sh).
const ROUTES = '/routes?cluster=gpu-east&namespace=team-vision'

async function weights(section: Locator): Promise<number[]> {
  return (await section.getByTestId('weight').allTextContents()).map((c) => Number(c.trim()))
}

test('routes: the vision on-call shifts a Flux-owned route through "suspend, then change", sees it held, resumes', async ({
  page,
}) => {
  // Vera: operator of team vision through her OIDC groups, not an admin.
  await signInOidc(page, 'vera')
  await expect(page.getByTestId('role')).toContainText('vision')
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

  const before = await weights(section)
  const next = before[0] === 100 ? [90, 10] : [100, 0]
  await section.getByRole('button', { name: 'Edit weights' }).first().click()
  const form = section.getByRole('form').first()
  // The editor says what the owner's path does before anything is written.
  await expect(form.getByTestId('pause-first')).toContainText(
    'Flux Kustomization flux-system/vision-serving re-applies this route',
  )
  const inputs = form.locator('input[inputmode="numeric"]')
  await inputs.nth(0).fill(String(next[0]))
  await inputs.nth(1).fill(String(next[1]))
  await form.getByRole('button', { name: 'Suspend Kustomization, then apply', exact: true }).click()
  await expect.poll(() => weights(section)).toEqual(next)
  await expect(section.getByTestId('owner-state')).toContainText(
    'is suspended: changes made here hold until it is resumed',
  )
  // The console watches the written weights for the hold window (6 s here) and says they held.
  await expect(section.locator('[data-hold]').first()).toHaveAttribute('data-hold', 'held', {
    timeout: 30_000,
  })
  await expect(section.getByText('Applied and held — audited.')).toBeVisible()
  // Still suspended after the change: nothing resumes it behind the user's back.
  await page.reload()
  await expect(section.getByTestId('owner-state')).toContainText('is suspended')

  await section.getByTestId('owner-actions').getByRole('button', { name: 'Resume Kustomization' }).click()
  await expect(section.getByTestId('owner-state')).toContainText('re-applies this route from Git')

  // Two audited writes (the suspend, the weights) under one audited action, and the resume.
  for (const [action, object] of [
    ['flux.suspend', 'Kustomization/vision-serving'],
    ['route.weights', 'HTTPRoute/'],
    ['route.pause-owner-then-weights', 'HTTPRoute/'],
    ['flux.resume', 'Kustomization/vision-serving'],
  ]) {
    await page.goto(`/audit?action=${action}&result=applied`)
    await expect(page.getByTestId('audit-table')).toContainText(object!)
  }
})

test('routes: a change that Argo CD re-applies within the window shows as reverted on the editor, Overview, Triage and the audit', async ({
  page,
}) => {
  const [cluster, namespace, name] = ['gpu-east', 'team-assistant', 'llama-3-1-8b']
  await signIn(page, 'operator')
  await page.goto(`/routes?cluster=${cluster}&namespace=${namespace}`)
  const section = page.locator(`[data-route="${cluster}/${namespace}/${name}"]`)
  await expect(section).toBeVisible()
  const before = await weights(section)
  expect(before).toHaveLength(2)
  const next = before[0] === 60 ? [65, 35] : [60, 40]
  await section.getByRole('button', { name: 'Edit weights' }).click()
  const form = section.getByRole('form')
  const inputs = form.locator('input[inputmode="numeric"]')
  await inputs.nth(0).fill(String(next[0]))
  await inputs.nth(1).fill(String(next[1]))
  await form.getByRole('button', { name: 'Apply' }).click()
  await expect.poll(() => weights(section)).toEqual(next)
  await expect(section.locator('[data-hold]').first()).toHaveAttribute('data-hold', 'pending')
  // Self-heal as Argo CD writes it: the old weights, under its field manager, inside the 6 s window.
  const ops = before.map((w, i) => ({
    op: 'replace',
    path: `/spec/rules/0/backendRefs/${i}/weight`,
    value: w,
  }))
  kubectl(cluster, [
    'patch',
    'httproute',
    name,
    '-n',
    namespace,
    '--type=json',
    '--field-manager=argocd-controller',
    '-p',
    JSON.stringify(ops),
  ])
  const verdict = section.locator('[data-hold]').first()
  await expect(verdict).toHaveAttribute('data-hold', 'reverted', { timeout: 30_000 })
  await expect(verdict).toContainText('reverted by argocd-controller')

  for (const path of ['/', '/triage']) {
    await page.goto(path)
    const alert = page.getByTestId('reverted-changes')
    await expect(alert).toContainText(`${namespace}/${name}`)
    await expect(alert).toContainText('reverted by argocd-controller')
  }
  await page.goto('/audit?result=reverted')
  await expect(page.getByTestId('audit-table')).toContainText('route.weights.hold')
  await expect(page.getByTestId('audit-table')).toContainText('reverted by argocd-controller')
})
