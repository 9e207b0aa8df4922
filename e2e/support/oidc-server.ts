// A real OpenID provider (the oidc-provider package) on loopback for the sign-in tests.
// Accounts "sam" (on-call of team search) and "vera" (on-call of team vision); their groups claims
// map to team operators through AIRE_OIDC_GROUP_MAP.
import Provider from 'oidc-provider'

const port = Number(process.env.OIDC_PORT ?? 3199)
const issuer = `http://127.0.0.1:${port}`

const ACCOUNTS: Record<string, { name: string; email: string; groups: string[] }> = {
  sam: { name: 'Sam Search', email: 'sam@example.test', groups: ['llm-search-oncall', 'everyone'] },
  // The SLO acceptance's new on-call engineer (playwright.acceptance.config.ts maps the group).
  vera: { name: 'Vera Vision', email: 'vera@example.test', groups: ['llm-vision-oncall', 'everyone'] },
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'aire-console',
      client_secret: 'e2e-oidc-client-secret',
      redirect_uris: [process.env.OIDC_REDIRECT ?? 'http://127.0.0.1:3100/api/auth/callback/oidc'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email'], groups: ['groups'] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['e2e-cookie-key-not-secret'] },
  async findAccount(_ctx, id) {
    const acct = ACCOUNTS[id]
    if (!acct) return undefined
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, ...acct }
      },
    }
  },
})
// Plain-http issuer on loopback is fine for tests; oidc-provider wants to know it is proxied or not.
provider.proxy = false

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc: listening on ${issuer}`)
})
