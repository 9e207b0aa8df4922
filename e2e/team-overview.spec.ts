import { expect, test, type Page } from '@playwright/test'
import { kubectlJson } from '../harness/kubectl'
import { signIn } from './support/session'

// What a team lead reads on the Teams page beside quotas: the GPUs the team holds, its model
// deployments, its SLOs and its busiest token hour. Each figure is checked against its source
// (the clusters through kubectl, the SLOs page, the token limit) rather than against constants.

const TEAM = 'assistant'
const CLUSTERS = ['gpu-east', 'gpu-west']

interface Meta {
  name: string
  namespace?: string
  labels?: Record<string, string>
  deletionTimestamp?: string
}
interface Pod {
  metadata: Meta
  spec: {
    nodeName?: string
    containers: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[]
    resourceClaims?: unknown[]
  }
  status: { phase: string }
}

/** GPUs held by the team's scheduled pods, counted the way `kubectl describe node` would. */
function gpusHeldByTeam(): { allocated: number; deployments: number } {
  let allocated = 0
  let deployments = 0
  for (const cluster of CLUSTERS) {
    const namespaces = new Set(
      kubectlJson<{ items: { metadata: Meta }[] }>(cluster, [
        'get',
        'namespaces',
        '-l',
        `aire.dev/team=${TEAM}`,
      ]).items.map((n) => n.metadata.name),
    )
    const pods = kubectlJson<{ items: Pod[] }>(cluster, ['get', 'pods', '-A']).items
    for (const p of pods) {
      const team =
        p.metadata.labels?.['aire.dev/team'] ?? (namespaces.has(p.metadata.namespace!) ? TEAM : null)
      if (team !== TEAM || !p.spec.nodeName || p.metadata.deletionTimestamp) continue
      if (p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue
      for (const c of p.spec.containers) {
        const r = { ...c.resources?.limits, ...c.resources?.requests }
        for (const [k, v] of Object.entries(r))
          if (k === 'nvidia.com/gpu' || k.startsWith('nvidia.com/mig-')) allocated += Number(v)
      }
      allocated += p.spec.resourceClaims?.length ?? 0
    }
    for (const ns of namespaces) {
      const list = kubectlJson<{ items: { metadata: Meta }[] }>(cluster, ['get', 'deployments', '-n', ns])
      // Model servers only: an endpoint picker carries the model label too but serves nothing.
      deployments += list.items.filter((d) => {
        const l = d.metadata.labels ?? {}
        return l['aire.dev/model'] && (l['aire.dev/component'] ?? 'model-server') === 'model-server'
      }).length
    }
  }
  return { allocated, deployments }
}

async function sloStatesOnSloPage(page: Page): Promise<Record<string, string>> {
  await page.goto(`/slos?team=${TEAM}`)
  const rows = page.getByTestId('slo-table').locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  const out: Record<string, string> = {}
  for (const row of await rows.all())
    out[(await row.getAttribute('data-slo'))!] = (await row
      .locator('[data-slo-state]')
      .getAttribute('data-slo-state'))!
  return out
}

test('teams: each team shows the GPUs it holds, its model deployments and its SLO states, as their sources say', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  const expected = gpusHeldByTeam()
  expect(expected.allocated).toBeGreaterThan(0)

  await page.goto('/teams')
  const card = page.locator(`[data-team="${TEAM}"]`)
  await expect(card.getByTestId('team-gpus').locator('.value')).toHaveText(
    expected.allocated.toLocaleString('en'),
  )
  await expect(card.getByTestId('team-deployments').locator('summary')).toContainText(
    `${expected.deployments} model deployment`,
  )
  await card.getByTestId('team-deployments').locator('summary').click()
  await expect(card.getByTestId('team-deployments').locator('tbody tr')).toHaveCount(expected.deployments)
  await card.getByTestId('team-gpus').getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`/gpus\\?team=${TEAM}`))

  // The same states as on the SLOs page (both read one shared evaluation, so retry across its refresh).
  await expect(async () => {
    const states = await sloStatesOnSloPage(page)
    expect(Object.keys(states).length).toBeGreaterThan(0)
    await page.goto('/teams')
    const items = page.locator(`[data-team="${TEAM}"] [data-testid="team-slos"] li`)
    await expect(items).toHaveCount(Object.keys(states).length)
    for (const [name, state] of Object.entries(states))
      await expect(
        items.and(page.locator(`[data-slo="${name}"]`)).locator('[data-slo-state]'),
      ).toHaveAttribute('data-slo-state', state)
  }).toPass({ timeout: 60_000 })
})

test('teams: the busiest token hour of the last day is set against the hourly token limit', async ({
  page,
}) => {
  await signIn(page, 'viewer')
  // The console's roll-up fills the usage ledger from Prometheus after its first start.
  await expect(async () => {
    await page.goto('/teams')
    await expect(page.locator(`[data-team="${TEAM}"] [data-testid="token-peak"]`).first()).toBeVisible({
      timeout: 2000,
    })
  }).toPass({ timeout: 90_000 })
  const row = page.locator(`[data-team="${TEAM}"] [data-quota^="gpu-east/"]`).first()
  const limitText = await row.getByTestId('token-limit').textContent()
  const peak = row.getByTestId('token-peak')
  const peakTokens = Number((await peak.textContent())!.match(/peak 24 h:\s*([\d,]+)/)![1]!.replace(/,/g, ''))
  expect(peakTokens).toBeGreaterThan(0)
  if (limitText !== 'no limit') {
    const limit = Number(limitText!.replace(/,/g, ''))
    await expect(peak).toContainText(`${Math.round((peakTokens / limit) * 100)}%`)
  }
})

test('teams: an admin sets a team budget to the cent on the team card; a typo is refused with a message', async ({
  page,
}) => {
  await signIn(page, 'admin')
  await page.goto('/teams')
  const card = page.locator('[data-team="vision"]')
  const form = card.getByRole('form', { name: 'Monthly budget of vision' })
  const before = await form.getByLabel('Monthly budget, USD').inputValue()

  await form.getByLabel('Monthly budget, USD').fill('1200.505')
  await form.getByRole('button', { name: 'Set budget' }).click()
  await expect(form.getByRole('alert')).toContainText('two decimals')
  await expect(card.getByTestId('team-budget')).not.toContainText('$1,201')

  await form.getByLabel('Monthly budget, USD').fill('43210.50')
  await form.getByRole('button', { name: 'Set budget' }).click()
  await expect(form.getByRole('status')).toHaveText('Budget saved.')
  await expect(card.getByTestId('team-budget')).toContainText('of $43,211 budget')
  await page.goto('/audit')
  await expect(page.getByRole('main')).toContainText('cost.budget')

  // Leave the seeded budget as it was for the other tests.
  await page.goto('/teams')
  const again = page.locator('[data-team="vision"]').getByRole('form', { name: 'Monthly budget of vision' })
  if (before) {
    await again.getByLabel('Monthly budget, USD').fill(before)
    await again.getByRole('button', { name: 'Set budget' }).click()
    await expect(again.getByRole('status')).toHaveText('Budget saved.')
  } else {
    await again.getByRole('button', { name: 'Remove budget' }).click()
    await again.getByRole('button', { name: 'Yes, remove the budget' }).click()
    await expect(again.getByRole('status')).toHaveText('Budget removed.')
  }
})
