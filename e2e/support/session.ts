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
