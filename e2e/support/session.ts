import { expect, type Page } from '@playwright/test'

export const USERS = {
  admin: { username: 'admin', password: 'admin-demo-pw', role: 'admin' },
  operator: { username: 'olivia', password: 'olivia-demo-pw', role: 'operator' },
  viewer: { username: 'victor', password: 'victor-demo-pw', role: 'viewer' },
} as const

export type Who = keyof typeof USERS

export async function signIn(page: Page, who: Who): Promise<void> {
  const u = USERS[who]
  await page.goto('/login')
  await page.getByLabel('Username').fill(u.username)
  await page.getByLabel('Password').fill(u.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByTestId('role')).toContainText(u.role, { timeout: 30_000 })
}

/**
 * Signs in through the test OpenID provider (e2e/support/oidc-server.ts) as one of its accounts;
 * its groups claim maps to team roles through the console's AIRE_OIDC_GROUP_MAP.
 */
export async function signInOidc(page: Page, account: 'sam' | 'vera', role = 'operator'): Promise<void> {
  await page.goto('/login')
  await page.getByRole('button', { name: 'Sign in with single sign-on' }).click()
  // oidc-provider's development interaction pages: log in, then consent.
  await page.locator('input[name="login"]').fill(account)
  await page.locator('input[name="password"]').fill('any')
  await page.locator('button[type="submit"]').click()
  const consent = page.locator('button[type="submit"]', { hasText: /continue/i })
  if (await consent.isVisible().catch(() => false)) await consent.click()
  await expect(page.getByTestId('role')).toContainText(role, { timeout: 30_000 })
}
