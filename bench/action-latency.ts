// Submit → API server updated → the Routes page shows the new weights: p50/p95 over N changes.
// Needs the console running (npm run demo, or E2E-style start) and the local clusters.
// Usage: BASE_URL=http://127.0.0.1:3000 tsx bench/action-latency.ts [iterations]
import { chromium } from '@playwright/test'

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000'
const iterations = Number(process.argv[2] ?? 40)
const ROUTE = 'gpu-east/team-assistant/llama-3-1-8b'

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  const page = await browser.newPage({ baseURL: base })
  await page.goto('/login')
  await page.getByLabel('Username').fill('olivia')
  await page.getByLabel('Password').fill('olivia-demo-pw')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByTestId('role').waitFor()
  await page.goto('/routes')
  const section = page.locator(`[data-route="${ROUTE}"]`)
  await section.getByRole('button', { name: 'Edit weights' }).click()
  const req = page.waitForRequest((r) => r.method() === 'POST' && Boolean(r.headers()['next-action']))
  await section.getByRole('form').locator('input[inputmode="numeric"]').first().fill('77')
  await section.getByRole('form').getByRole('button', { name: 'Apply' }).click()
  const captured = await req
  await captured.response()
  const actionId = captured.headers()['next-action']!
  const template = JSON.parse(captured.postData() ?? '[]') as [
    { backends: { name: string; from: number; weight: number }[] },
  ]
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')

  const samples: number[] = []
  let html = await (await fetch(`${base}/routes`, { headers: { cookie: cookies } })).text()
  for (let i = 0; i < iterations; i++) {
    const weight = 50 + (i % 40)
    const body = structuredClone(template)
    // From what the previous change left (the precondition is on the weights, not a version).
    for (const b of body[0].backends) b.from = b.weight
    body[0].backends[0]!.weight = weight
    template[0].backends[0]!.weight = weight
    const t0 = performance.now()
    const res = await fetch(`${base}/routes`, {
      method: 'POST',
      headers: {
        cookie: cookies,
        'next-action': actionId,
        'content-type': 'text/plain;charset=UTF-8',
        origin: base,
        accept: 'text/x-component',
      },
      body: JSON.stringify(body),
    })
    const text = await res.text()
    if (!text.includes('"ok":true')) throw new Error(`change ${i} not applied: ${text.slice(-300)}`)
    html = await (await fetch(`${base}/routes`, { headers: { cookie: cookies } })).text()
    const shown = html.includes(`data-testid="weight">${weight}<`)
    samples.push(performance.now() - t0)
    if (!shown) throw new Error(`page did not show weight ${weight} after change ${i}`)
  }
  await browser.close()
  console.log(
    `action-latency: ${iterations} weight changes, submit→page shows it: p50 ${pct(samples, 50).toFixed(0)} ms, p95 ${pct(samples, 95).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms (target p95 ≤ 300 ms)`,
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
