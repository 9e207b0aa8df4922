import type { NextConfig } from 'next'

const config: NextConfig = {
  // Several builds can share one checkout (e.g. a test run beside the demo) when each has its own dir.
  distDir: process.env.AIRE_NEXT_DIST_DIR || '.next',
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['@kubernetes/client-node', 'better-sqlite3', 'pg', 'prom-client'],
  experimental: {
    serverActions: { bodySizeLimit: '64kb' },
  },
}

export default config
