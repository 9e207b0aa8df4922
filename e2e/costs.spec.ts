import { expect, request, test, type Page } from '@playwright/test'
import { signIn } from './support/session'

// Needs the test metrics stack (dev/sim/start.sh --profile test) behind PROMETHEUS_URL and the
// example prices (dev/db/seed-costs.ts): the console's roll-up fills the ledger on first visit.

async function openCosts(page: Page, query = '') {
  await page.goto(`/costs${query}`)
  // The first visit starts the roll-up; the ledger fills within seconds.
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('spend-table')).toBeVisible({ timeout: 2000 })
  }).toPass({ timeout: 90_000 })
}

test('costs: viewer sees spend by team, token/GPU split, budgets and example prices, without admin forms', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await openCosts(page)
  await expect(page.getByRole('heading', { name: 'Costs', level: 1 })).toBeVisible()
  await expect(page.getByTestId('metrics-status')).toContainText('From the usage ledger')
  const table = page.getByTestId('spend-table')
  for (const team of ['assistant', 'search', 'vision'])
    await expect(table.locator(`tr[data-key="${team}"]`)).toBeVisible()
  await expect(page.getByTestId('total-spend')).not.toHaveText('$0.00')
  await expect(page.getByTestId('spend-chart')).toBeVisible()
  await expect(page.getByTestId('budget-table').locator('[data-budget-state]').first()).toBeVisible()
  await expect(page.getByTestId('model-price-table')).toContainText('example')
  await expect(page.getByTestId('gpu-price-table')).toContainText('NVIDIA H100 80GB HBM3')
  await expect(page.getByRole('form', { name: 'Set budget' })).toHaveCount(0)
  await expect(page.getByRole('form', { name: 'Set model price' })).toHaveCount(0)
})

test('costs: drill-down from a team to its models, then a model to its routes', async ({ page }) => {
  await signIn(page, 'viewer')
  await openCosts(page)
  await page.getByTestId('spend-table').locator('tr[data-key="search"] td').first().getByRole('link').click()
  await expect(page).toHaveURL(/team=search/)
  await expect(page).toHaveURL(/by=model/)
  await expect(page.getByTestId('drill-path')).toContainText('team search')
  const models = page.getByTestId('spend-table')
  await expect(models).toContainText('BAAI/bge-m3')
  await expect(models).not.toContainText('meta-llama/Llama-3.1-8B-Instruct')
  await models.locator('tr[data-key="BAAI/bge-m3"] td').first().getByRole('link').click()
  await expect(page).toHaveURL(/by=route/)
  await expect(page.getByTestId('spend-table')).toContainText('team-search/bge-m3')
})

test('costs: CSV export of a table needs a session and matches the table', async ({ page, baseURL }) => {
  await signIn(page, 'viewer')
  await openCosts(page)
  const href = await page.getByTestId('csv-spend').getAttribute('href')
  expect(href).toMatch(/^\/api\/costs\/export\?/)
  const res = await page.request.get(href!)
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toContain('text/csv')
  expect(res.headers()['content-disposition']).toMatch(/attachment; filename="aire-costs-by-team-/)
  const lines = (await res.text()).trim().split('\r\n')
  expect(lines[0]).toBe(
    'team,input_tokens,output_tokens,cached_input_tokens,token_cost,gpu_hours,gpu_cost,idle_gpu_cost,total,unpriced,currency',
  )
  expect(lines.map((l) => l.split(',')[0])).toEqual(expect.arrayContaining(['assistant', 'search', 'vision']))

  const anonymous = await request.newContext({ baseURL })
  const refused = await anonymous.get(href!)
  expect(refused.status()).toBe(401)
  await anonymous.dispose()
})

test('costs: admin sets a team budget and sees its state; a price dated in the past is refused', async ({
  page,
}) => {
  await signIn(page, 'admin')
  await openCosts(page)
  const budget = page.getByRole('form', { name: 'Set budget' })
  const state = page.getByTestId('budget-table').locator('tr[data-team="vision"] [data-budget-state]')
  await budget.getByLabel('Team').fill('vision')
  await budget.getByLabel('Monthly budget').fill('1')
  await budget.getByRole('button', { name: 'Set budget' }).click()
  await expect(budget.getByRole('status')).toHaveText('Budget saved.')
  await expect(state).toHaveAttribute('data-budget-state', 'exceeded')

  // A blank amount is a field error, not a removed budget (it used to be read as 0).
  await budget.getByLabel('Monthly budget').fill('  ')
  await budget.getByRole('button', { name: 'Set budget' }).click()
  await expect(budget).toContainText('Enter the monthly amount, or use "Remove budget".')
  await page.reload()
  await expect(state).toHaveAttribute('data-budget-state', 'exceeded')

  const remove = page.getByRole('form', { name: 'Remove budget' })
  await remove.getByLabel('Team').fill('vision')
  await remove.getByRole('button', { name: 'Remove budget' }).click()
  await expect(remove.getByRole('status')).toHaveText('Budget removed.')
  await expect(state).toHaveAttribute('data-budget-state', 'none')

  const price = page.getByRole('form', { name: 'Set model price' })
  await price.getByLabel('Served model').fill('BAAI/bge-m3')
  await price.getByLabel('Effective from (UTC)').fill('2020-01-01')
  await price.getByLabel('Input / 1M', { exact: true }).fill('0.03')
  await price.getByLabel('Cached input / 1M').fill('0')
  await price.getByLabel('Output / 1M').fill('0')
  await price.getByRole('button', { name: 'Set price' }).click()
  await expect(price.getByRole('alert')).toContainText('Some fields are not valid')
  await expect(price).toContainText('past costs are not rewritten')
})

test('costs: a bar of the chart drills down into that team and bucket', async ({ page }) => {
  await signIn(page, 'viewer')
  await openCosts(page, '?by=team&grain=day')
  const chart = page.getByTestId('spend-chart')
  // The series of team "search" (the chart lists its keys in series order).
  const keys = JSON.parse((await chart.getAttribute('data-keys')) ?? '[]') as string[]
  const i = keys.indexOf('search')
  expect(i).toBeGreaterThanOrEqual(0)
  // The tallest segment: today's bucket is a sliver of a pixel just after midnight UTC, and
  // the axis line lies over it, so "the last bar" cannot be clicked then.
  const bars = chart.locator(`.spend-series-${i} .recharts-bar-rectangle path`)
  await expect(bars.first()).toBeVisible()
  const heights = await bars.evaluateAll((paths) => paths.map((p) => Number(p.getAttribute('height'))))
  const tallest = heights.indexOf(Math.max(...heights))
  expect(heights[tallest]).toBeGreaterThan(4)
  await bars.nth(tallest).click()
  await expect(page).toHaveURL(/by=model/)
  await expect(page).toHaveURL(/team=search/)
  await expect(page.getByTestId('drill-path')).toContainText('team search')
  // One bucket of the day chart: the report now spans that one day.
  await expect(page.getByText(/^Spend (\d{4}-\d{2}-\d{2}) → \1$/)).toBeVisible()
})

test('costs: Teams and Overview show spend today, month to date and the month-end forecast', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  await openCosts(page)
  const spend = /^\$[\d,]+(\.\d+)? · \$[\d,]+(\.\d+)?$/
  await page.goto('/teams')
  const card = page.locator('[data-team="search"]')
  await expect(card.getByTestId('team-spend')).toHaveText(spend)
  await expect(card.getByTestId('team-budget')).toContainText(/forecast \$[\d,]+/)
  await page.goto('/')
  const overview = page.getByRole('link', { name: /Spend today · month to date/ })
  await expect(overview).toContainText(/\$[\d,]+(\.\d+)? · \$[\d,]+(\.\d+)?/)
  await expect(overview).toContainText(/forecast \$[\d,]+(\.\d+)? this month/)
})

test('costs: an admin prices a model from the next whole hour, to a fraction of a cent, in the report currency', async ({
  page,
}) => {
  await signIn(page, 'admin')
  await openCosts(page)
  await expect(page.getByTestId('pricing-basis')).toHaveText('Amounts in USD.')
  const price = page.getByRole('form', { name: 'Set model price' })
  // The form starts at the next whole UTC hour, the earliest a price may take effect.
  const next = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000)
  await expect(price.getByLabel('Effective from (UTC)')).toHaveValue(next.toISOString().slice(0, 10))
  await expect(price.getByLabel('Hour (UTC)')).toHaveValue(String(next.getUTCHours()))
  await expect(price.getByLabel('Currency')).toHaveValue('USD')
  const model = `e2e/priced-${Date.now()}`
  await price.getByLabel('Served model').fill(model)
  await price.getByLabel('Input / 1M', { exact: true }).fill('0.0125')
  await price.getByLabel('Cached input / 1M').fill('0.000001')
  await price.getByLabel('Output / 1M').fill('0.1234567')
  await price.getByRole('button', { name: 'Set price' }).click()
  await expect(price).toContainText('At most 6 decimals.')
  await price.getByLabel('Output / 1M').fill('0.123456')
  await price.getByRole('button', { name: 'Set price' }).click()
  await expect(price.getByRole('status')).toHaveText('Price saved; hours from its instant on were re-costed.')
  const row = page.getByTestId('model-price-table').locator('tr', { hasText: model })
  await expect(row).toContainText('$0.0125')
  await expect(row).toContainText('$0.000001')
  await expect(row).toContainText('$0.123456')
  const day = next.toISOString().slice(0, 10)
  await expect(row).toContainText(
    next.getUTCHours() === 0 ? day : `${day} ${String(next.getUTCHours()).padStart(2, '0')}:00 UTC`,
  )
})
