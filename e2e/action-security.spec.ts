import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { baseURL } from '../playwright.config'
import { signIn } from './support/session'

const ROUTE = 'gpu-east/team-assistant/llama-3-1-8b'

interface CapturedAction {
  url: string
  id: string
  body: string
  routerState: string | undefined
}

/** Submits the weights form once as the operator and records the raw server-action request. */
async function captureWeightsAction(page: Page): Promise<CapturedAction> {
  await signIn(page, 'operator')
  await page.goto('/routes')
  const section = page.locator(`[data-route="${ROUTE}"]`)
  const weights = (await section.getByTestId('weight').allTextContents()).map(Number)
  await section.getByRole('button', { name: 'Edit weights' }).click()
  const inputs = section.getByRole('form').locator('input[inputmode="numeric"]')
  await inputs.nth(0).fill(String((weights[0] ?? 0) + 1))
  const req = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']))
  await section.getByRole('form').getByRole('button', { name: 'Apply' }).click()
  const r = await req
  // Let the operator's own (legitimate) change finish before the replays start.
  await r.response()
  await expect(section.getByRole('button', { name: 'Edit weights' })).toBeVisible()
  return {
    url: r.url(),
    id: r.headers()['next-action']!,
    body: r.postData() ?? '',
    routerState: r.headers()['next-router-state-tree'],
  }
}

async function weightsNow(page: Page): Promise<string[]> {
  await page.goto('/routes')
  return page.locator(`[data-route="${ROUTE}"]`).getByTestId('weight').allTextContents()
}

/** The same action body, but with other weights, so a success would be visible. */
function tamper(body: string): string {
  return body.replace(/"weight":\d+/, '"weight":1')
}

async function replay(request: APIRequestContext, a: CapturedAction, headers: Record<string, string> = {}) {
  return request.post(a.url, {
    headers: {
      'next-action': a.id,
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: baseURL,
      ...headers,
    },
    data: tamper(a.body),
    maxRedirects: 0,
  })
}

test('security: server actions refuse no session, a viewer, a foreign Origin and forged Impersonate headers — and audit each', async ({
  page,
  browser,
  playwright,
}) => {
  const action = await captureWeightsAction(page)
  const before = await weightsNow(page)

  const anonymous = await playwright.request.newContext({ baseURL })
  const noSession = await replay(anonymous, action)
  expect(noSession.status()).toBeLessThan(500)
  expect(await noSession.text()).toContain('unauthenticated')

  const foreign = await replay(anonymous, action, { origin: 'https://evil.example' })
  expect(foreign.status()).toBe(403)
  const nullOrigin = await replay(anonymous, action, { origin: 'null' })
  expect(nullOrigin.status()).toBe(403)

  const viewerCtx = await browser.newContext()
  const viewerPage = await viewerCtx.newPage()
  await signIn(viewerPage, 'viewer')
  const asViewer = await replay(viewerCtx.request, action, {
    // A forged identity from the browser must have no effect on who the cluster sees.
    'Impersonate-User': 'admin',
    'Impersonate-Group': 'system:masters',
  })
  expect(asViewer.status()).toBeLessThan(500)
  expect(await asViewer.text()).toContain('forbidden')

  expect(await weightsNow(page)).toEqual(before)

  const adminCtx = await browser.newContext()
  const adminPage = await adminCtx.newPage()
  await signIn(adminPage, 'admin')
  await adminPage.goto('/audit?result=refused&since=1h')
  const table = adminPage.getByTestId('audit-table')
  await expect(table).toContainText('anonymous')
  await expect(table).toContainText('victor')
  await expect(table).toContainText('unverified')
  await anonymous.dispose()
})
