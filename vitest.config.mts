import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

const alias = {
  '@': fileURLToPath(new URL('.', import.meta.url)),
  // server-only throws outside React's server build; unit and integration tests run server code directly.
  'server-only': fileURLToPath(new URL('./tests/support/empty.ts', import.meta.url)),
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'components/**/*.test.ts',
            'dev/**/*.test.ts',
            'tests/unit/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          // Several replicas and injected faults on an isolated stack (dev/fault/stack.sh); needs a
          // production build (AIRE_NEXT_DIST_DIR). Run last in CI: it starts its own control plane.
          name: 'fault',
          include: ['tests/fault/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 400_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
