import { expect, test } from '@playwright/test'
import { signIn, signInOidc, USERS, type Who } from './support/session'

const PAGES = ['/', '/gpus', '/models', '/routes', '/costs', '/slos', '/triage', '/teams', '/audit']

for (const who of Object.keys(USERS) as Who[]) {
  test(`auth: ${who} signs in, sees the shell with their role, and signs out`, async ({ page }) => {
    await signIn(page, who)
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
    for (const label of [
      'Overview',
      'GPUs',
      'Models',
      'Routes',
      'Costs',
      'SLOs',
      'Triage',
      'Teams',
      'Audit',
    ]) {
      await expect(page.getByRole('link', { name: label, exact: true })).toBeVisible()
    }
    await expect(page.getByLabel('Cluster')).toBeVisible()
    await expect(page.locator('[data-source="database"]')).toContainText('live')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login/)
    await page.goto('/')
    await expect(page).toHaveURL(/\/login/)
  })
}

test('auth: a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login')
  await page.getByLabel('Username').fill('victor')
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.locator('.form-error')).toHaveText('Wrong username or password.')
  await expect(page.getByTestId('role')).toHaveCount(0)
})

test('auth: unauthenticated requests to every page get the sign-in page and no data', async ({ request }) => {
  for (const path of PAGES) {
    const res = await request.get(path, { maxRedirects: 0 })
    expect(res.status(), path).toBe(307)
    expect(res.headers()['location']).toBe('/login')
    const body = await res.text()
    // Pages render in parallel with the layout: make sure none of them streamed its content.
    expect(body, path).not.toContain('Latest changes')
    expect(body, path).not.toContain('data-route=')
  }
  const status = await request.get('/api/status')
  expect(status.status()).toBe(401)
})

test('auth: OIDC user whose groups map to an operator signs in through a real OpenID provider', async ({
  page,
}) => {
  await signInOidc(page, 'sam')
  await expect(page.getByTestId('role')).toContainText('operator')
  await expect(page.getByTestId('role')).toContainText('search')
  await expect(page.getByTestId('whoami')).toContainText('Sam Search')
})

test('auth: session cookie is HttpOnly, Secure and short-lived', async ({ page, context }) => {
  await signIn(page, 'viewer')
  const cookie = (await context.cookies()).find((c) => c.name.endsWith('next-auth.session-token'))
  expect(cookie).toBeDefined()
  expect(cookie!.httpOnly).toBe(true)
  expect(cookie!.secure).toBe(true)
  expect(cookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(12 * 3600 * 1000 + 60_000)
})

test('auth: the sign-in page shows the logo and the tab an icon; robots are told to keep out', async ({
  page,
  request,
}) => {
  await page.goto('/login')
  const logo = page.locator('main img.brand-logo')
  await expect(logo).toBeVisible()
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
  const icon = await page.locator('head link[rel="icon"]').getAttribute('href')
  expect(icon).toMatch(/^\/icon\.svg/)
  const svg = await request.get(icon!)
  expect(svg.status()).toBe(200)
  expect(svg.headers()['content-type']).toContain('image/svg+xml')
  // An internal console: no crawler indexes it, and the file needs no session.
  const robots = await request.get('/robots.txt', { maxRedirects: 0 })
  expect(robots.status()).toBe(200)
  expect(await robots.text()).toBe('User-agent: *\nDisallow: /\n')
})
