import { defineConfig } from '@playwright/test'
import base, { baseURL, consoleServers } from './playwright.config'
import { FRESH_S, OTLP_URL, PROBE_INTERVAL_S, PROM_URL, SIM_PORT } from './e2e/acceptance/ports'

/**
 * The SLO issue's and the golden-set prober's acceptance in a real browser (e2e/acceptance/): its
 * own console, pointed at the acceptance stack's Prometheus, simulator and Collector (started by
 * each spec, so the console may come up before them; files run in name order, one at a time), and
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
    // The golden-set prober (slo.prober.acceptance.ts): each version's pool through the
    // simulator's chat API, its verdicts to the acceptance stack's Collector. It probes nothing
    // until that spec's admin creates a golden set.
    AIRE_GOLDEN_PROBER: 'on',
    AIRE_PROBER_INTERVAL_SECONDS: String(PROBE_INTERVAL_S),
    AIRE_PROBER_POOL_URL: `http://127.0.0.1:${SIM_PORT}/clusters/{cluster}/namespaces/{namespace}/pools/{pool}`,
    AIRE_OTLP_ENDPOINT: OTLP_URL,
    AIRE_SLO_FRESH_SECONDS: String(FRESH_S),
  }),
})
