import type { NextConfig } from 'next'

const config: NextConfig = {
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['@kubernetes/client-node', 'better-sqlite3', 'pg', 'prom-client'],
  experimental: {
    serverActions: { bodySizeLimit: '64kb' },
  },
}

export default config
