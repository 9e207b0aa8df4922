import { defineConfig } from '@playwright/test'
import base from './playwright.config'
import { PROM_URL } from './e2e/acceptance/ports'

/**
 * The SLO issue's acceptance in a real browser (e2e/acceptance/): its own console, pointed at the
 * acceptance stack's Prometheus (started by the spec, so the console may come up before it), and
 * an OIDC group map that makes "vera" a new on-call engineer of team vision. Minutes of live
 * traffic, so it is a separate run: `playwright test -c playwright.acceptance.config.ts`.
 */
const port = Number(process.env.E2E_PORT ?? 3100)
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3199)
const baseURL = `http://127.0.0.1:${port}`

export default defineConfig({
  ...base,
  testDir: 'e2e/acceptance',
  // Not *.spec.ts: the default config (testDir e2e) must not pick it up.
  testMatch: '*.acceptance.ts',
  timeout: 900_000,
  use: { ...base.use, baseURL },
  webServer: [
    {
      command: `tsx e2e/support/oidc-server.ts`,
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      env: { OIDC_PORT: String(oidcPort), OIDC_REDIRECT: `${baseURL}/api/auth/callback/oidc` },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `bash dev/start-app.sh ${port}`,
      url: `${baseURL}/healthz`,
      env: {
        PROMETHEUS_URL: PROM_URL,
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: 'aire-console',
        OIDC_CLIENT_SECRET: 'e2e-oidc-client-secret',
        AIRE_OIDC_GROUP_MAP: JSON.stringify([
          { group: 'llm-vision-oncall', role: 'operator', team: 'vision' },
          { group: 'platform-admins', role: 'admin' },
        ]),
        NEXTAUTH_URL: baseURL,
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
})
