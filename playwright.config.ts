import { defineConfig, type PlaywrightTestConfig } from '@playwright/test'

// Debian's Chromium; Playwright never downloads a browser here.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

const port = Number(process.env.E2E_PORT ?? 3100)
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? 3199)
export const baseURL = `http://127.0.0.1:${port}`

/**
 * The OIDC provider and the built console the browser tests sign in to. `groups` map OIDC groups
 * to team roles (platform-admins is always admin); `env` adds to the console's environment.
 */
export function consoleServers(
  groups: { group: string; role: 'operator' | 'viewer'; team: string }[],
  env: Record<string, string> = {},
): NonNullable<PlaywrightTestConfig['webServer']> {
  return [
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
        ...env,
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: 'aire-console',
        OIDC_CLIENT_SECRET: 'e2e-oidc-client-secret',
        AIRE_OIDC_GROUP_MAP: JSON.stringify([...groups, { group: 'platform-admins', role: 'admin' }]),
        NEXTAUTH_URL: baseURL,
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ]
}

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  // Per port, so two runs on one machine (CI beside a dev run) never delete each other's artefacts.
  outputDir: `.aire/playwright/${port}`,
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  // A short hold window, so a browser test sees a change checked and "held" (lib/actions/hold).
  webServer: consoleServers(
    [
      { group: 'llm-search-oncall', role: 'operator', team: 'search' },
      { group: 'llm-vision-oncall', role: 'operator', team: 'vision' },
    ],
    { AIRE_HOLD_WINDOW_SECONDS: '6', AIRE_HOLD_POLL_SECONDS: '1' },
  ),
})
