import { defineConfig } from '@playwright/test'
import base, { baseURL, consoleServers } from './playwright.config'
import { PROM_URL } from './e2e/acceptance/ports'

/**
 * The SLO issue's acceptance in a real browser (e2e/acceptance/): its own console, pointed at the
 * acceptance stack's Prometheus (started by the spec, so the console may come up before it), and
 * an OIDC group map that makes "vera" a new on-call engineer of team vision. Minutes of live
 * traffic, so it is a separate run: `playwright test -c playwright.acceptance.config.ts`.
 */
export default defineConfig({
  ...base,
  testDir: 'e2e/acceptance',
  // Not *.spec.ts: the default config (testDir e2e) must not pick it up.
  testMatch: '*.acceptance.ts',
  timeout: 900_000,
  use: { ...base.use, baseURL },
  webServer: consoleServers([{ group: 'llm-vision-oncall', role: 'operator', team: 'vision' }], {
    PROMETHEUS_URL: PROM_URL,
  }),
})
