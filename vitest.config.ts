import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // CLI and database tests start real processes on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
