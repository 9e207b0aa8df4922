// The embedded demo's local accounts. For the demo on loopback only: production uses OIDC
// (set AIRE_LOCAL_ACCOUNTS=false) or accounts an admin creates.
export const DEMO_TEAMS = [
  { name: 'assistant', displayName: 'Assistant' },
  { name: 'search', displayName: 'Search' },
  { name: 'vision', displayName: 'Vision' },
] as const

export const DEMO_USERS = [
  { username: 'admin', name: 'Ada Admin', password: 'admin-demo-pw', globalRole: 'admin', operatorOf: [] },
  {
    username: 'olivia',
    name: 'Olivia Operator',
    password: 'olivia-demo-pw',
    globalRole: 'viewer',
    operatorOf: ['assistant'],
  },
  {
    username: 'victor',
    name: 'Victor Viewer',
    password: 'victor-demo-pw',
    globalRole: 'viewer',
    operatorOf: [],
  },
] as const
