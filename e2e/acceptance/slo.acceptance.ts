/**
 * The SLO issue's acceptance in a real browser, against the real clusters, a real Prometheus and
 * the traffic simulator (its own instance, harness/slo-stack.ts, on the ports of
 * ./ports.ts; the console of playwright.acceptance.config.ts reads that Prometheus).
 *
 * Canary v2 of qwen2-5-vl-7b answers badly, v1 perfectly. An admin gives the canary 10% on the
 * Routes page (audited). The model's quality SLO, 99.99% over 30 days, then burns at
 * 10% bad / 0.01% budget = 1000×: the page condition "1h & 5m > 14.4" holds once the 1h window
 * averages 14.4, i.e. after 3600 s × 14.4 / 1000 ≈ 52 s (the 5m window is there after 4.3 s).
 * Vera, an on-call engineer signing in for the first time (OIDC), must see it page in that time
 * plus the pipeline's lag, find it first on Triage with the weight change as top suspect, shift
 * to stable, and see the 5m burn fall under 14.4 within 300 s × (1 − 14.4 / 1000) ≈ 296 s (the
 * window slides past the bad minutes) plus lag. Only this route's weights are touched.
 */
import { expect, test, type Page } from '@playwright/test'
import { secondsToPage, secondsToShortWindowRecovery } from '../../lib/slo/forecast'
import type { SloStack } from '../../harness/slo-stack'
import { signIn } from '../support/session'
import {
  adminGivesCanaryTenPercent,
  CLUSTERS,
  createVisionQualitySlo,
  elapsed,
  expectSloListRow,
  expectWeightChangeRankedFirst,
  oncallShiftsToStable,
  ROUTE,
  secondsUntilTriagePages,
  signInOnCall,
  sleep,
  startCanaryStack,
  stopCanaryStack,
} from './canary-route'

const OBJECTIVE = 0.9999
const BURN = 0.1 / (1 - OBJECTIVE)
const PAGE_FACTOR = 14.4
const SLOW_PAGE_FACTOR = 6
/**
 * Weights poll (2 s) + simulator tick (5 s) + scrape (5 s) + query alignment (≤5 s) + the console’s
 * short-window cache (15 s) + the reload interval (3 s) + a page render under load (≤10 s); measured
 * 27–30 s at load 1.5–10, once more than 45 s at the end of a full CI run (its Prometheus and
 * simulator still running beside this stack's). Still tight enough to fail if the wrong windows
 * decided: 6h & 30m would page only after 21600 s × 6 / 1000 ≈ 130 s > 52 s + 60 s.
 */
const LAG_S = 60
const EXPECTED_PAGE_S = secondsToPage(BURN, 30)!
const EXPECTED_RECOVERY_S = secondsToShortWindowRecovery(BURN, 30)
const NAME = `Acceptance VL quality ${Date.now().toString(36)}`

let stack: SloStack | undefined
let sloId = ''
/** When the admin applied the canary weights, and when Vera confirmed the mitigation. */
let t0 = 0
let t1 = 0
let oncall: Page

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  test.setTimeout(900_000)
  stack = await startCanaryStack({
    scenario: 'e2e/acceptance/canary-quality-scenario.json',
    // More than 6 h, so the 6h window is full and a minute of bad canary stays below its factor.
    days: 0.3,
  })
})

test.afterAll(() => stopCanaryStack(stack))

test('an admin defines the quality SLO of the model; it is ok while the canary gets no traffic', async ({
  page,
}) => {
  test.setTimeout(240_000)
  await signIn(page, 'admin')
  sloId = await createVisionQualitySlo(page, {
    name: NAME,
    objective: OBJECTIVE,
    target: { kind: 'model', model: ROUTE },
  })
  await expect(page.getByRole('heading', { level: 1 })).toContainText(NAME)

  // Live scrapes of v1-only traffic arrive: the list shows the SLO ok with a 5m burn of zero.
  await expectSloListRow(page, NAME, 'ok 0.00×', 180_000)
})

test(`the canary gets 10% on the Routes page; a new on-call engineer sees the SLO page within ${Math.round(EXPECTED_PAGE_S)} s + ${LAG_S} s`, async ({
  page,
  browser,
}) => {
  test.skip(!sloId, 'needs the SLO of the previous test')
  test.setTimeout(300_000)
  const firstApplied = await adminGivesCanaryTenPercent(page)
  // The burn is 1000 once every cluster sends 10% to the canary (it only adds up before that, so
  // a page can come a little sooner, never later, than the windows imply from here).
  t0 = Date.now()
  console.log(
    `slo acceptance: canary at 10% on both clusters ${((t0 - firstApplied) / 1000).toFixed(1)} s after the first apply`,
  )

  oncall = await signInOnCall(browser)
  const pagedAfter = await secondsUntilTriagePages(oncall, NAME, t0, EXPECTED_PAGE_S + LAG_S + 30)
  console.log(
    `slo acceptance: paged after ${pagedAfter?.toFixed(1)} s (windows imply ${EXPECTED_PAGE_S.toFixed(1)} s + ≤${LAG_S} s lag)`,
  )
  expect(pagedAfter, 'the SLO never paged').not.toBeNull()
  // Sooner than half the windows' time would mean the page does not come from the 1h window.
  expect(pagedAfter!).toBeGreaterThan(EXPECTED_PAGE_S * 0.5)
  expect(pagedAfter!).toBeLessThan(EXPECTED_PAGE_S + LAG_S)
})

test('triage lists that burn first and ranks the canary weight change as the top suspect', async () => {
  test.skip(!oncall, 'needs the page of the previous test')
  const rows = oncall.getByTestId('burns').locator('tbody tr')
  await expect(rows.first()).toHaveAttribute('data-slo', NAME)
  await rows.first().getByRole('link', { name: NAME }).click()
  await expect(oncall).toHaveURL(new RegExp(`/triage/${sloId}$`))
  const onset = Date.parse((await oncall.getByTestId('onset').getAttribute('data-value'))!)
  expect(onset).toBeGreaterThanOrEqual(t0 - 60_000)
  expect(onset).toBeLessThan(t0 + 120_000)
  await expectWeightChangeRankedFirst(oncall)
})

test(`"Shift to stable" is audited, the simulator follows, and the 5m burn drops under ${PAGE_FACTOR} within ${Math.round(EXPECTED_RECOVERY_S)} s + ${LAG_S} s`, async ({
  page,
}) => {
  test.skip(!oncall, 'needs the triage view of the previous test')
  test.setTimeout(600_000)
  t1 = await oncallShiftsToStable(oncall, page)

  // The simulator reads the new weights from the clusters.
  await expect
    .poll(
      async () => {
        const st = (await (await fetch(`${stack!.simUrl}/state`)).json()) as {
          routes: { name: string; backends: { weight: number }[] }[]
        }
        return st.routes.filter((r) => r.name === ROUTE).map((r) => r.backends.map((b) => b.weight).join())
      },
      { timeout: 30_000 },
    )
    .toEqual(CLUSTERS.map(() => '100,0'))

  let recoveredAfter: number | null = null
  while (elapsed(t1) < EXPECTED_RECOVERY_S + LAG_S) {
    await sleep(5000)
    const requested = Date.now()
    await oncall.reload()
    const burn = await oncall.getByTestId('burn-5m').getAttribute('data-value')
    if (burn && Number(burn) < PAGE_FACTOR) {
      recoveredAfter = (requested - t1) / 1000
      // The fast pair no longer holds. The slow page pair (6h & 30m > 6) holds on its own once the
      // canary burned 1000× for more than 21600 s × 6 / 1000 ≈ 130 s (a slow run: late page, slow
      // clicks), and then keeps paging for about half an hour, as the multiwindow rules say.
      await expect(oncall.getByTestId('firing')).not.toContainText('1h & 5m')
      const burn6h = Number(await oncall.getByTestId('burn-6h').getAttribute('data-value'))
      const slowPairHolds = burn6h > SLOW_PAGE_FACTOR
      console.log(
        `slo acceptance: after the shift the 6h burn is ${burn6h.toFixed(1)} (slow page pair holds: ${slowPairHolds})`,
      )
      const state = oncall.locator('h1 [data-slo-state]')
      if (slowPairHolds) {
        await expect(state).toHaveAttribute('data-slo-state', 'page')
        await expect(oncall.getByTestId('firing')).toContainText('6h & 30m')
      } else {
        await expect(state).not.toHaveAttribute('data-slo-state', 'page')
      }
      break
    }
  }
  console.log(
    `slo acceptance: 5m burn under ${PAGE_FACTOR} after ${recoveredAfter?.toFixed(1)} s (windows imply ${EXPECTED_RECOVERY_S.toFixed(1)} s)`,
  )
  expect(recoveredAfter, 'the 5m burn stayed above the page factor').not.toBeNull()
})

test('the burn chart shows the change and the mitigation; the on-call note is kept', async () => {
  test.skip(!oncall, 'needs the mitigation of the previous test')
  await oncall.getByRole('link', { name: 'SLO page' }).click()
  await expect(oncall).toHaveURL(new RegExp(`/slos/${sloId}`))
  await oncall.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '1h' }).click()
  await expect(oncall).toHaveURL(/range=1h/)
  await expect(oncall.getByTestId('burn-chart')).toBeVisible()
  const annotations = oncall.getByTestId('annotations')
  await expect(annotations.locator('li[data-kind="weights"]').first()).toContainText('admin')
  await expect(annotations.locator('li[data-kind="shift-to-stable"]').first()).toContainText('vera')
  // The budget spent by the burn is visible.
  await expect(oncall.getByTestId('budget-remaining')).not.toHaveText('100.0%')

  await oncall.goto(`/triage/${sloId}`)
  const note = oncall.getByRole('form', { name: 'Incident note' })
  await note.getByLabel('Incident note').fill('Canary v2 drained; the evaluator flagged its answers.')
  await note.getByRole('button', { name: 'Save note' }).click()
  await expect(oncall.getByTestId('notes')).toContainText('Canary v2 drained', { timeout: 30_000 })
})
