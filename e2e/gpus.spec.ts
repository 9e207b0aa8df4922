import { expect, test, type Page } from '@playwright/test'
import { kubectl } from '../harness/kubectl'
import { signIn } from './support/session'

// The GPUs page in a real browser against the real console, watch cache, clusters and Prometheus.

const CLUSTER = 'gpu-east'
const NS = 'team-search'
const PRODUCT = 'NVIDIA-L4'

const rows = (page: Page) => page.locator('[data-testid="gpu-table"] tr[data-node]')
const rowOf = (page: Page, key: string) => page.locator(`tr[data-node="${key}"]`)
const rowCount = (page: Page) => page.getByTestId('row-count')

test('gpus: filters and sort live in the URL and survive a reload and a shared link', async ({
  page,
  context,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/gpus')
  await expect(rows(page).first()).toBeVisible()
  const all = await rowCount(page).textContent()

  await page.getByLabel('Product').selectOption(PRODUCT)
  await expect(page).toHaveURL(new RegExp(`product=${PRODUCT}`))
  await page.getByRole('button', { name: 'Idle', exact: true }).click()
  await expect(page).toHaveURL(/sort=idle&dir=desc/)
  await expect(rowCount(page)).not.toHaveText(all ?? '')
  await expect(rowCount(page)).toContainText(' of ')
  await expect(rowCount(page)).not.toContainText('updating')
  const filtered = (await rowCount(page).textContent())!
  const order = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node')))
  expect(order.length).toBeGreaterThan(1)
  for (const product of await rows(page).locator('td:nth-child(2)').allTextContents())
    expect(product).toContain(PRODUCT)
  const idleHeader = page.getByTestId('gpu-table').getByRole('columnheader', { name: 'Idle' })
  await expect(idleHeader).toHaveAttribute('aria-sort', 'descending')

  const check = async (p: Page) => {
    await expect(p.getByLabel('Product')).toHaveValue(PRODUCT)
    await expect(p.getByTestId('gpu-table').getByRole('columnheader', { name: 'Idle' })).toHaveAttribute(
      'aria-sort',
      'descending',
    )
    await expect(rowCount(p)).toHaveText(filtered)
    await expect
      .poll(() => rows(p).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-node'))))
      .toEqual(order)
  }
  await page.reload()
  await check(page)

  // The same link in another tab (same session) shows the same view.
  const shared = await context.newPage()
  await shared.goto(page.url())
  await check(shared)
  await shared.close()

  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(page).not.toHaveURL(/product=/)
  await expect(rowCount(page)).toHaveText(all ?? '')
})

test('gpus: the node drawer opens from the keyboard and from ?node=, listing pods with team and model', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  // A node the seeder fills with model servers (team and model labels on every pod).
  await page.goto(`/gpus?cluster=${CLUSTER}&state=allocated&product=${PRODUCT}`)
  const first = rows(page).first()
  await expect(first).toBeVisible()
  const key = (await first.getAttribute('data-node'))!
  const name = key.slice(key.indexOf('/') + 1)

  const opener = first.getByRole('button', { name, exact: true })
  await opener.focus()
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name })
  await expect(drawer).toBeVisible()
  await expect(page).toHaveURL(new RegExp(`node=${encodeURIComponent(key)}`))
  await expect(drawer.getByRole('button', { name: 'Close node details' })).toBeFocused()
  const pods = drawer.getByTestId('node-pods')
  await expect(pods.locator('tbody tr').first()).toBeVisible()
  const firstPod = pods.locator('tbody tr').first().locator('td')
  await expect(firstPod.nth(1)).toHaveText(/^(assistant|search|vision)$/)
  await expect(firstPod.nth(2)).not.toHaveText(/^—/)
  await page.keyboard.press('Escape')
  await expect(drawer).toBeHidden()
  await expect(page).not.toHaveURL(/node=/)
  await expect(opener).toBeFocused()

  // A link to the node opens the drawer directly.
  await page.goto(`/gpus?node=${encodeURIComponent(key)}`)
  await expect(page.getByRole('dialog', { name })).toBeVisible()
  await expect(page.getByTestId('node-pods').locator('tbody tr').first()).toBeVisible()
})

test('gpus: utilisation from Prometheus shows as a percentage', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/gpus?state=allocated&sort=utilisation&dir=desc')
  await expect(rows(page).first().getByTestId('util')).toHaveText(/^\d{1,3}%$/)
  await expect(page.getByTestId('gpus-allocated-idle')).toHaveText(/^\d+$/)
  // The Overview's top waste is judged from the same utilisation (a list, or "none idle").
  await page.goto('/')
  await expect(page.getByTestId('top-waste').getByTestId(/^allocated-idle(-none)?$/)).toBeVisible()
})

test('gpus: a GPU pod created with kubectl shows on the open page within 2 s, without a reload', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto(`/gpus?cluster=${CLUSTER}&product=${PRODUCT}&state=idle&sort=idle&dir=desc`)
  const first = rows(page).first()
  await expect(first).toBeVisible()
  const key = (await first.getAttribute('data-node'))!
  const node = key.slice(key.indexOf('/') + 1)
  // Narrow the open page to that node (the pod makes it leave the "idle" filter otherwise).
  await page.goto(`/gpus?cluster=${CLUSTER}&q=${node}`)
  const allocated = rowOf(page, key).getByTestId('allocated')
  const before = (await allocated.textContent())!
  const [used, total] = before.split('/').map(Number) as [number, number]
  expect(used).toBeLessThan(total)
  await page.evaluate(() => ((window as unknown as { aireMarker: number }).aireMarker = 42))
  // The change must arrive by the server's event stream, not by the polling fallback.
  const polls: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/api/fleet/version')) polls.push(r.url())
  })

  const pod = `e2e-gpu-probe-${Date.now().toString(36)}`
  const manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace: NS, labels: { 'aire.dev/model': 'e2e-probe' } },
    spec: {
      nodeName: node,
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'probe',
          image: 'registry.k8s.io/pause:3.10',
          resources: { limits: { 'nvidia.com/gpu': '1' } },
        },
      ],
    },
  }
  try {
    kubectl(CLUSTER, ['create', '-f', '-'], JSON.stringify(manifest))
    const t0 = Date.now()
    await expect(allocated).toHaveText(`${used + 1}/${total}`, { timeout: 10_000 })
    const upMs = Date.now() - t0
    console.info(`gpus e2e: a created GPU pod showed in the browser ${upMs} ms after kubectl returned`)
    expect(upMs, 'the new pod took longer than 2 s to show').toBeLessThan(2_000)
    expect(await page.evaluate(() => (window as unknown as { aireMarker?: number }).aireMarker)).toBe(42)
    expect(polls, 'the page fell back to polling /api/fleet/version').toEqual([])

    await rowOf(page, key).getByRole('button', { name: node, exact: true }).click()
    const drawerRow = page.getByTestId('node-pods').locator('tr', { hasText: pod })
    await expect(drawerRow).toContainText('search')
    await expect(drawerRow).toContainText('e2e-probe')
    await page.keyboard.press('Escape')
  } finally {
    kubectl(CLUSTER, [
      'delete',
      'pod',
      pod,
      '-n',
      NS,
      '--grace-period=0',
      '--wait=false',
      '--ignore-not-found',
    ])
  }
  await expect(allocated).toHaveText(before, { timeout: 10_000 })
})

test('gpus: only the rows in view are in the page, and scrolling to the end brings the last node', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await page.goto('/gpus?sort=name&dir=asc')
  const table = page.getByTestId('gpu-table')
  await expect(rows(page).first()).toBeVisible()
  const rowCountAttr = Number(await table.locator('table').getAttribute('aria-rowcount'))
  // the seeded fleet has more rows than fit: some are left out of the DOM until scrolled to
  expect(rowCountAttr).toBeGreaterThan(60)
  expect(await table.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(rowCountAttr - 1)
  await expect(table.locator(`tr[aria-rowindex="${rowCountAttr}"]`)).toHaveCount(0)

  await table.evaluate((el) => {
    el.scrollIntoView({ block: 'start' })
    el.scrollTo({ top: el.scrollHeight })
  })
  await expect(table.locator(`tr[aria-rowindex="${rowCountAttr}"]`)).toBeInViewport()
  await expect(table.locator('tr[aria-rowindex="2"]')).toHaveCount(0)
})
